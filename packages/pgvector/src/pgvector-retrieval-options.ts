import type { EmbeddingRetrievalOptions as CoreEmbeddingRetrievalOptions, Filter } from '@synapse-rag/core';

/**
 * Options common to the retrieval methods of `PgvectorDocumentStore`. `returnEmbedding` and
 * `signal` mean what core's `EmbeddingRetrievalOptions` says (embeddings only on request; an
 * abort cancels the running statement on a server, see `SqlClient`).
 */
export interface RetrievalOptions {
  /** Documents to return at most (a positive integer). */
  topK: number;
  filters?: Filter | undefined;
  /**
   * Include embeddings in the returned documents: the stored float32 (halfvec: float16) values
   * exactly, read in binary. Leaving them out is the fastest choice for RAG prompts.
   * @default false (core's RETURN_EMBEDDING_DEFAULT)
   */
  returnEmbedding?: boolean;
  signal?: AbortSignal | undefined;
}

/** Arguments of `PgvectorDocumentStore.embeddingRetrieval`. */
export interface EmbeddingRetrievalOptions extends RetrievalOptions, Omit<CoreEmbeddingRetrievalOptions, 'topK'> {
  queryEmbedding: readonly number[];
  /** Force an exact scan even when an HNSW index exists. @default searchStrategy === "exact_nearest_neighbor" */
  exact?: boolean;
  /** Override `hnsw.ef_search` for this query (raised to `topK` when smaller: a scan returns at most `ef_search` rows). */
  efSearch?: number;
}

/** Arguments of `PgvectorDocumentStore.keywordRetrieval`. */
export interface KeywordRetrievalOptions extends RetrievalOptions {
  query: string;
}

/** Arguments of `PgvectorDocumentStore.hybridRetrieval`. */
export interface HybridRetrievalOptions extends RetrievalOptions {
  queryEmbedding: readonly number[];
  query: string;
  /** Candidates taken from each of the vector and keyword lists before fusion. @default max(topK, 20) */
  candidateK?: number;
  /** RRF constant k. @default 60 */
  rrfK?: number;
  /** Weights of the [vector, keyword] lists (normalized to sum 1). @default [1, 1] */
  weights?: readonly [number, number];
  exact?: boolean;
  efSearch?: number;
}
