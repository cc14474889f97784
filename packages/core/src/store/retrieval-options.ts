import { InvalidOptionsError } from '../errors.js';
import type { Filter } from '../filters/filter-types.js';

/**
 * Whether a store's retrieval methods return embeddings when the caller does not say: never.
 * Every store (in-memory, pgvector, Chroma) reads them only on request, because a RAG prompt
 * does not need them and reading them costs time (pgvector: bytes per row; Chroma: a larger
 * response). Retriever components state their own default in their options.
 */
export const RETURN_EMBEDDING_DEFAULT = false;

/**
 * What every store's embedding retrieval accepts (stores extend it with their own knobs).
 * - `queryEmbedding`: the query vector; its dimension must match the store's.
 * - `topK`: how many documents at most, best first (a positive integer; see {@link checkTopK}).
 * - `filters`: only documents matching this filter (core filter language).
 * - `returnEmbedding`: include each document's stored embedding. @default false
 *   ({@link RETURN_EMBEDDING_DEFAULT})
 * - `signal`: abort the call; it rejects with the signal's reason (see `abort.ts`).
 */
export interface EmbeddingRetrievalOptions {
  queryEmbedding: readonly number[];
  /** @default 10 where the store allows omitting it */
  topK?: number;
  filters?: Filter | undefined;
  /** Include embeddings in the returned documents. @default false */
  returnEmbedding?: boolean;
  signal?: AbortSignal | undefined;
}

/**
 * `topK` validated: a positive integer, else {@link InvalidOptionsError} naming `owner` (and
 * `name`, for other counts such as `candidateK`). `undefined` becomes `fallback` when one is given.
 */
export function checkTopK(topK: unknown, owner: string, options: { name?: string; fallback?: number } = {}): number {
  const k = topK === undefined ? options.fallback : topK;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new InvalidOptionsError(owner, `${options.name ?? 'topK'} must be a positive integer, got ${String(k)}.`);
  }
  return k;
}
