import type { PgvectorDocumentStore, SqlClient } from '@synapse-rag/pgvector';

/** A snapshot of `pg_stat_progress_create_index` while the deferred indexes are built. */
export interface IndexProgress {
  /** `start`, `progress` (server only, about once a second) or `done`. */
  kind: 'start' | 'progress' | 'done';
  index?: string | undefined;
  phase?: string | undefined;
  blocksDone?: number | undefined;
  blocksTotal?: number | undefined;
  tuplesDone?: number | undefined;
  tuplesTotal?: number | undefined;
  elapsedMs: number;
}

/**
 * Builds the store's HNSW, full-text and meta indexes after the load (`createIndexes`), reporting
 * the server's own progress view from a second connection. PGlite runs one statement at a time,
 * so it only reports start and done.
 */
export async function buildIndexes(
  store: PgvectorDocumentStore,
  client: SqlClient,
  onProgress: (p: IndexProgress) => void = () => {},
  pollMs = 1000,
): Promise<void> {
  const started = Date.now();
  onProgress({ kind: 'start', elapsedMs: 0 });
  const caps = await client.capabilities();
  let timer: NodeJS.Timeout | undefined;
  if (caps.parallelSessions) {
    const poll = async () => {
      const { rows } = await client
        .query<{ index: string; phase: string; bd: string; bt: string; td: string; tt: string }>(
          `SELECT c.relname AS index, p.phase, p.blocks_done::text AS bd, p.blocks_total::text AS bt, p.tuples_done::text AS td, p.tuples_total::text AS tt
             FROM pg_stat_progress_create_index p LEFT JOIN pg_class c ON c.oid = p.index_relid
            WHERE p.relid = to_regclass($1::text)`,
          [store.qualifiedTableName],
        )
        .catch(() => ({ rows: [] }));
      for (const r of rows) {
        onProgress({
          kind: 'progress',
          index: r.index,
          phase: r.phase,
          blocksDone: Number(r.bd),
          blocksTotal: Number(r.bt),
          tuplesDone: Number(r.td),
          tuplesTotal: Number(r.tt),
          elapsedMs: Date.now() - started,
        });
      }
    };
    timer = setInterval(() => void poll(), pollMs);
  }
  try {
    await store.createIndexes();
  } finally {
    if (timer) clearInterval(timer);
  }
  onProgress({ kind: 'done', elapsedMs: Date.now() - started });
}
