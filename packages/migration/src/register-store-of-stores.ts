import type { DocumentStore, SerializedObject } from '@synapse-rag/core';
import { defaultRegistry, isDocumentStore } from '@synapse-rag/core';

/**
 * Registers in the default registry the factory of a store built on two inner stores (hybrid:
 * `legacy` + `target`, failover: `primary` + `fallback`). The options come as its `toJSON()`
 * wrote them: an inner store given as an instance is kept, a serialized one is re-created through
 * the registry; every other option is passed on as is.
 */
export function registerStoreOfStores<Options>(
  type: string,
  innerStores: readonly [keyof Options & string, keyof Options & string],
  create: (options: Options) => DocumentStore,
): void {
  defaultRegistry.registerStore(type, (options, registry) => {
    const stores = innerStores.map((key) => {
      const value = options[key];
      return [key, isDocumentStore(value) ? value : registry.createStore(value as SerializedObject)] as const;
    });
    return create({ ...options, ...Object.fromEntries(stores) } as Options);
  });
}
