import { z } from 'zod';
import type { Filter } from '../filters/filter-types.js';
import { validateOptionalFilter } from '../filters/validate-filter.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { retrieverOptionFields } from './retriever-sockets.js';

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

/**
 * The options both in-memory retrievers share: the store, init-time filters (validated at
 * construction), and core's `topK` and `filterPolicy`.
 */
export const inMemoryRetrieverOptionFields = {
  /**
   * The store to search. Serialized with `store.toJSON()`: a store without an `index` name is
   * re-created EMPTY by `fromJSON` (its documents are not serialized); give it an `index` to
   * share documents with the re-created store in the same process, or use `saveToFile`.
   */
  documentStore: inMemoryStoreField,
  /** Filters applied on every run (combined with run-time filters per `filterPolicy`). @default undefined */
  filters: optionalFilterField,
  /** Maximum number of documents returned. @default 10 */
  topK: retrieverOptionFields.topK,
  /** `replace`: run-time filters replace `filters`; `merge`: both must hold. @default "replace" */
  filterPolicy: retrieverOptionFields.filterPolicy,
};
