import type { FeatureFlags, QueryPath } from '@synapse-rag/migration';
import { queryPathFor } from '@synapse-rag/migration';
import type { StoreSettings } from '../store/store-options.js';

/** The flags a query runs with and the path they select. */
export interface QueryPlan {
  flags: FeatureFlags;
  path: QueryPath;
  /** Why the path differs from what the FF_* flags alone would pick. */
  note?: string;
}

/**
 * The flags `ask` runs the migration's query pipeline with:
 * - `--store pgvector` / `--store chroma` pin the path (pgvector / chroma);
 * - without `--store`, with a Chroma server configured, the FF_* flags decide (chroma, routed by
 *   read percentage and shadow reads, or pgvector) as in the rollout;
 * - without `--store` and without Chroma, the pgvector store is the only one: pgvector path.
 *
 * `flagsSet`: whether any FF_* flag was given; only then does a `note` say the path differs.
 */
export function queryPlan(settings: StoreSettings, flags: FeatureFlags, flagsSet = true): QueryPlan {
  const pinned = (usePgvector: boolean): FeatureFlags => ({
    ...flags,
    usePgvector,
    ...(usePgvector ? {} : { pgvectorReadPercentage: 0, enableShadowReads: false }),
  });
  if (settings.store === 'pgvector') return plan(pinned(true), flags, '--store pgvector');
  if (settings.store === 'chroma') return plan(pinned(false), flags, '--store chroma');
  if (settings.chroma) return { flags, path: queryPathFor(flags) };
  return plan(pinned(true), flags, 'no Chroma server is configured');

  function plan(effective: FeatureFlags, original: FeatureFlags, why: string): QueryPlan {
    const path = queryPathFor(effective);
    const wanted = queryPathFor(original);
    return {
      flags: effective,
      path,
      ...(flagsSet && wanted !== path ? { note: `the FF_* flags select the ${wanted} path; ${why}: ${path}` } : {}),
    };
  }
}

/** Whether any `FF_*` variable is set (non-empty) in `env`: only then does a plan note a pinned path. */
export function anyFlagSet(env: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(env).some(([k, v]) => k.startsWith('FF_') && v !== undefined && v.trim() !== '');
}
