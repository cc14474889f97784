import type { SqlParams } from './filters-to-sql.js';
import type { PgvectorStoreOptions } from './pgvector-store-options.js';

/** pgvector's default `hnsw.ef_search`, and the highest value it accepts. */
export const PGVECTOR_DEFAULT_EF_SEARCH = 40;
export const PGVECTOR_MAX_EF_SEARCH = 1000;

/** What decides a search's HNSW session settings. */
export interface HnswSearch {
  /** The statement goes through the HNSW index. */
  indexed: boolean;
  /** A filter restricts the rows. */
  filtered: boolean;
  /** Rows the index scan must deliver (topK, or candidateK of a hybrid query). */
  limit: number;
  /** Per-query `ef_search` (else the store's `hnswEfSearch`). */
  efSearch: number | undefined;
  /** pgvector ≥ 0.8 (`hnsw.iterative_scan` exists). */
  iterativeScanSupported: boolean;
}

/**
 * The condition that applies a search's HNSW settings inside its own statement, or `undefined`
 * when none is needed; its values are added to `params`. An HNSW scan returns at most
 * `hnsw.ef_search` rows (pgvector's default 40) unless iterative scans continue it, so a `limit`
 * above that raises `ef_search` to the limit (up to pgvector's maximum, 1,000; a higher server
 * default is kept). Iterative scans only change anything when a filter drops index candidates:
 * without one no setting is needed.
 *
 * The builders add it to the indexed vector scan's `WHERE`: `(SELECT set_config(…, true) || …)
 * IS NOT NULL` is an uncorrelated sub-select (an InitPlan) and the condition references no row,
 * so PostgreSQL runs it as a one-time filter BEFORE the index scan returns its first row, which
 * is when pgvector reads the settings. `set_config(…, true)` is local to the statement's own
 * transaction, so a pooled connection or a pglite-server session never keeps it — one round trip
 * instead of BEGIN / set_config / query / COMMIT (tests show a scan widened past 40 rows by one
 * statement, vector and hybrid). Were a server ever to read the settings before that filter runs,
 * a widened or iterative scan would come back short and the exact fallback would answer; an
 * `efSearch` raised for recall alone would silently not apply. Side effects: `set_config` is
 * parallel-unsafe, so a statement carrying the condition never gets a parallel plan, and the
 * planner costs the index scan with the session's `ef_search`.
 */
export function hnswSettingsCondition(
  search: HnswSearch,
  options: Pick<PgvectorStoreOptions, 'hnswEfSearch' | 'hnswIterativeScan' | 'hnswMaxScanTuples'>,
  params: SqlParams,
): string | undefined {
  const { indexed, filtered, limit } = search;
  const ef = search.efSearch ?? options.hnswEfSearch;
  const raiseEf = ef === undefined && limit > PGVECTOR_DEFAULT_EF_SEARCH;
  const iterative = search.iterativeScanSupported && filtered ? options.hnswIterativeScan : undefined;
  if (!indexed || (ef === undefined && !raiseEf && (iterative === undefined || iterative === 'off'))) return undefined;
  const sets: string[] = [];
  if (ef !== undefined) {
    const value = params.add(String(Math.min(PGVECTOR_MAX_EF_SEARCH, Math.max(ef, limit))));
    sets.push(`set_config('hnsw.ef_search', ${value}::text, true)`);
  } else if (raiseEf) {
    // the setting is a placeholder until pgvector's library loads in this backend: missing_ok
    const value = params.add(String(Math.min(PGVECTOR_MAX_EF_SEARCH, limit)));
    sets.push(
      `set_config('hnsw.ef_search', greatest(coalesce(current_setting('hnsw.ef_search', true)::int, ${PGVECTOR_DEFAULT_EF_SEARCH}), ${value}::int)::text, true)`,
    );
  }
  if (iterative !== undefined) {
    sets.push(`set_config('hnsw.iterative_scan', ${params.add(iterative)}::text, true)`);
    if (iterative !== 'off') {
      sets.push(`set_config('hnsw.max_scan_tuples', ${params.add(String(options.hnswMaxScanTuples))}::text, true)`);
    }
  }
  return `(SELECT ${sets.join(' || ')}) IS NOT NULL`;
}
