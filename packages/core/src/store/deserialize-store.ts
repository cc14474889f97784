import type { Registry } from '../component/registry.js';
import { SerializationError } from '../errors.js';
import { type DocumentStore, isDocumentStore } from './document-store.js';

/**
 * Re-creates the document store held in a serialized component's options: a live instance of
 * `storeClass` is returned as is (a pipeline's loader resolves `{ $store: name }` references to
 * the one live store of its `stores` section first), a `{ type, options }` object goes through
 * `registry.createStore`, which must yield a `storeClass` (any {@link DocumentStore} when
 * `storeClass` is undefined). Throws {@link SerializationError} naming `owner` otherwise.
 * Retrievers and writers of every store package use it (through `StoreComponent`).
 */
export function deserializeStore<S extends DocumentStore = DocumentStore>(
  value: unknown,
  registry: Registry,
  // biome-ignore lint/suspicious/noExplicitAny: any constructor signature.
  storeClass: (abstract new (...args: any[]) => S) | undefined,
  owner: string,
): S {
  if (storeClass ? value instanceof storeClass : isDocumentStore(value)) return value as S;
  const json = value as { type?: unknown; options?: unknown } | null | undefined;
  if (json === null || typeof json !== 'object' || typeof json.type !== 'string') {
    throw new SerializationError(`${owner}: the document store must be a serialized store { type, options }.`, { owner });
  }
  const store = registry.createStore({ type: json.type, options: (json.options ?? {}) as Record<string, unknown> });
  if (storeClass && !(store instanceof storeClass)) {
    const article = /^[AEIOU]/.test(storeClass.name) ? 'an' : 'a';
    throw new SerializationError(`${owner} needs ${article} ${storeClass.name}, got a store of type "${json.type}".`, {
      owner,
      type: json.type,
    });
  }
  return store as S;
}
