import type { PgvectorStoreOptions } from './pgvector-store-options.js';
import type { SqlClient, SqlParam } from './sql-client.js';

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
 * The `SELECT set_config(…, true)` statement (transaction-local, like `SET LOCAL`) a search needs,
 * or `undefined` when none. An HNSW scan returns at most `hnsw.ef_search` rows (pgvector's
 * default 40) unless iterative scans continue it, so a `limit` above that raises `ef_search` to
 * the limit (up to pgvector's maximum, 1,000; a higher server default is kept). Iterative scans
 * only change anything when a filter drops index candidates: without one no setting is needed.
 */
export function hnswSettingsSql(
  search: HnswSearch,
  options: Pick<PgvectorStoreOptions, 'hnswEfSearch' | 'hnswIterativeScan' | 'hnswMaxScanTuples'>,
): { sql: string; params: string[] } | undefined {
  const { indexed, filtered, limit } = search;
  const ef = search.efSearch ?? options.hnswEfSearch;
  const raiseEf = ef === undefined && limit > PGVECTOR_DEFAULT_EF_SEARCH;
  const iterative = search.iterativeScanSupported && filtered ? options.hnswIterativeScan : undefined;
  if (!indexed || (ef === undefined && !raiseEf && (iterative === undefined || iterative === 'off'))) return undefined;
  const sets: string[] = [];
  const params: string[] = [];
  if (ef !== undefined) {
    params.push(String(Math.min(PGVECTOR_MAX_EF_SEARCH, Math.max(ef, limit))));
    sets.push(`set_config('hnsw.ef_search', $${params.length}::text, true)`);
  } else if (raiseEf) {
    // the setting is a placeholder until pgvector's library loads in this backend: missing_ok
    params.push(String(Math.min(PGVECTOR_MAX_EF_SEARCH, limit)));
    sets.push(
      `set_config('hnsw.ef_search', greatest(coalesce(current_setting('hnsw.ef_search', true)::int, ${PGVECTOR_DEFAULT_EF_SEARCH}), $${params.length}::int)::text, true)`,
    );
  }
  if (iterative !== undefined) {
    params.push(iterative);
    sets.push(`set_config('hnsw.iterative_scan', $${params.length}::text, true)`);
    if (iterative !== 'off') {
      params.push(String(options.hnswMaxScanTuples));
      sets.push(`set_config('hnsw.max_scan_tuples', $${params.length}::text, true)`);
    }
  }
  return { sql: `SELECT ${sets.join(', ')}`, params };
}

/**
 * Runs a search statement, with its HNSW settings (if any) applied in a transaction so pooled
 * connections and pglite-server sessions never keep them; without settings the statement runs
 * alone (one round trip instead of BEGIN / set_config / query / COMMIT). `signal` cancels the
 * running statement on the server (see `SqlClient`).
 */
export async function runSearch<R>(
  client: SqlClient,
  statement: { sql: string; params: readonly SqlParam[] },
  settings: { sql: string; params: string[] } | undefined,
  signal: AbortSignal | undefined,
): Promise<R[]> {
  if (settings === undefined) return (await client.query<R>(statement.sql, statement.params, signal)).rows;
  return client.transaction(async (tx) => {
    await tx.query(settings.sql, settings.params);
    return (await tx.query<R>(statement.sql, statement.params)).rows;
  }, signal);
}
