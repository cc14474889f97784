import type { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { timeQueries } from './bench-utils.js';
import type { Query } from './pgvector-contenders.js';
import { type Latency, recall } from './stats.js';

/** HNSW recall@10 and latency at one `ef_search`. */
export interface RecallPoint {
  efSearch: number;
  recallAt10: number;
  latency: Latency;
}

/** `ef_search` values the sweep visits (pgvector's default is 40). */
export const EF_SEARCH_VALUES = [10, 20, 40, 80, 160, 320];

/**
 * Recall@10 of the store's HNSW search against its exact scan, and the HNSW query's latency, at
 * each `ef_search` in `values` (top 10, no embeddings returned, one client).
 */
export async function recallSweep(
  store: PgvectorDocumentStore,
  queries: readonly Query[],
  warmup: number,
  values: readonly number[] = EF_SEARCH_VALUES,
): Promise<RecallPoint[]> {
  const common = { topK: 10, returnEmbedding: false } as const;
  const ids = async (q: Query, options: { exact?: boolean; efSearch?: number }) =>
    (await store.embeddingRetrieval({ ...common, ...options, queryEmbedding: q.embedding })).map((d) => d.id);
  const exact: string[][] = [];
  for (const q of queries) exact.push(await ids(q, { exact: true }));
  const points: RecallPoint[] = [];
  for (const efSearch of values) {
    const approx: string[][] = [];
    let i = 0;
    const latency = await timeQueries(queries, warmup, async (q) => {
      approx[i++] = await ids(q, { efSearch });
    });
    points.push({ efSearch, recallAt10: recall(exact, approx, warmup), latency });
  }
  return points;
}
