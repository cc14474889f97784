import { z } from 'zod';
import type { Registry } from '../component/registry.js';
import { SerializationError } from '../errors.js';
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

/** zod field for `filterPolicy`. */
export const filterPolicyField = z.enum(['replace', 'merge']).default('replace');

/**
 * Re-creates the store of a serialised retriever: `{ type, options }` through
 * `registry.createStore`, which must yield an {@link InMemoryDocumentStore}.
 */
export function deserializeInMemoryStore(value: unknown, registry: Registry, owner: string): InMemoryDocumentStore {
  if (value instanceof InMemoryDocumentStore) return value;
  const json = value as { type?: unknown; options?: unknown } | null | undefined;
  if (json === null || typeof json !== 'object' || typeof json.type !== 'string') {
    throw new SerializationError(`${owner}: "documentStore" must be a serialised store { type, options }.`, { owner });
  }
  const store = registry.createStore({ type: json.type, options: (json.options ?? {}) as Record<string, unknown> });
  if (!(store instanceof InMemoryDocumentStore)) {
    throw new SerializationError(`${owner} needs an InMemoryDocumentStore, got a store of type "${json.type}".`, {
      owner,
      type: json.type,
    });
  }
  return store;
}
