import type { FeatureFlags } from './feature-flags.js';

/** Which query pipeline the flags call for. */
export type QueryPath = 'pgvector' | 'chroma' | 'routed';

/**
 * `usePgvector` → `pgvector`; a read percentage above 0 or shadow reads → `routed` (the hybrid
 * store's routing retrievers decide per request); otherwise `chroma`.
 */
export function queryPathFor(flags: FeatureFlags): QueryPath {
  if (flags.usePgvector) return 'pgvector';
  if (flags.pgvectorReadPercentage > 0 || flags.enableShadowReads) return 'routed';
  return 'chroma';
}
