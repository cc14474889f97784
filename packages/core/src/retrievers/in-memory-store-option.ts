import { z } from 'zod';
import type { Filter } from '../filters/filter-types.js';
import { validateOptionalFilter } from '../filters/validate-filter.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';

/** zod field for a live {@link InMemoryDocumentStore} instance. */
export const inMemoryStoreField = z.instanceof(InMemoryDocumentStore, {
  message: 'documentStore must be an InMemoryDocumentStore instance',
});

/** zod field for init-time filters: validated with `validateFilter`, errors reported as option issues. */
export const optionalFilterField = z
  .custom<Filter>()
  .optional()
  .transform((value, ctx): Filter | undefined => {
    try {
      return validateOptionalFilter(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
