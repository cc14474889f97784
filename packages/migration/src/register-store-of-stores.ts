import type { DocumentStore } from '@synapse-rag/core';
import { defaultRegistry, deserializeStore } from '@synapse-rag/core';

/**
 * Registers in the default registry the factory of a store built on two inner stores (hybrid:
 * `legacy` + `target`, failover: `primary` + `fallback`). The options come as its `toJSON()`
 * wrote them: each inner store goes through core's `deserializeStore` (an instance is kept, a
 * serialized one is re-created through the registry, anything else is a SerializationError naming
 * the store type); every other option is passed on as is.
 */
export function registerStoreOfStores<Options>(
  type: string,
  innerStores: readonly [keyof Options & string, keyof Options & string],
  create: (options: Options) => DocumentStore,
): void {
  defaultRegistry.registerStore(type, (options, registry) => {
    const stores = innerStores.map((key) => [key, deserializeStore(options[key], registry, undefined, type)] as const);
    return create({ ...options, ...Object.fromEntries(stores) } as Options);
  });
}
