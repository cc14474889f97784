import type { Document, DocumentStore, Filter } from '@synapse-rag/core';

/** An embedding query any store with `embeddingRetrieval` answers (pgvector, Chroma, in-memory). */
export interface EmbeddingQuery {
  queryEmbedding: number[];
  topK: number;
  filters?: Filter | undefined;
  /** Passed on when set (stores differ in their default). */
  returnEmbedding?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** A keyword query: pgvector's `keywordRetrieval` or the in-memory store's `bm25Retrieval`. */
export interface KeywordQuery {
  query: string;
  topK: number;
  filters?: Filter | undefined;
  returnEmbedding?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export type Search<Q> = (query: Q) => Promise<Document[]>;

type Method = (options: Record<string, unknown>) => Promise<Document[]>;

function method(store: DocumentStore, name: string): Method | undefined {
  const fn = (store as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (fn as Method).bind(store) : undefined;
}

function defined(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** The store's embedding retrieval, or undefined when it has none. */
export function embeddingSearch(store: DocumentStore): Search<EmbeddingQuery> | undefined {
  const fn = method(store, 'embeddingRetrieval');
  return fn && ((q) => fn(defined({ ...q })));
}

/**
 * The store's keyword retrieval (`keywordRetrieval`, else `bm25Retrieval`), or undefined: Chroma
 * has none (its `whereDocument` is a filter, not a ranked search).
 */
export function keywordSearch(store: DocumentStore): Search<KeywordQuery> | undefined {
  const keyword = method(store, 'keywordRetrieval');
  if (keyword) return (q) => keyword(defined({ ...q }));
  const bm25 = method(store, 'bm25Retrieval');
  return bm25 && ((q) => bm25(defined({ query: q.query, topK: q.topK, filters: q.filters })));
}
