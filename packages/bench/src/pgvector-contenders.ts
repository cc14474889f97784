/**
 * The query contenders `bench:pgvector` and `npm run bench` time against the store's own
 * retrievals: LangChain.js `PGVectorStore`, the hybrid as a two-retriever pipeline, and the
 * hybrid statement with an unranked keyword half (a floor).
 */
import { type Document, DocumentJoiner, Pipeline } from '@synapse-rag/core';
import {
  encodeVectorParam,
  type PgvectorDocumentStore,
  PgvectorEmbeddingRetriever,
  PgvectorKeywordRetriever,
} from '@synapse-rag/pgvector';
import type { Dataset } from './clustered-dataset.js';

/** One query of the clustered data set. */
export type Query = Dataset['queries'][number];

/** What a LangChain.js `PGVectorStore` contender does in the benchmark. */
export interface LangchainContender {
  add(batch: readonly Document[]): Promise<void>;
  search(embedding: number[]): Promise<string[]>;
  createIndex(): Promise<void>;
  drop(): Promise<void>;
}

export async function langchainContender(url: string, size: number, dim: number): Promise<LangchainContender> {
  const { PGVectorStore } = await import('@langchain/community/vectorstores/pgvector');
  const { Document: LcDocument } = await import('@langchain/core/documents');
  const embeddings = {
    embedQuery: async () => {
      throw new Error('not used');
    },
    embedDocuments: async () => {
      throw new Error('not used');
    },
  };
  const tableName = `bench_langchain_${size}`;
  const lc = await PGVectorStore.initialize(embeddings as never, {
    postgresConnectionOptions: { connectionString: url, max: 2 },
    tableName,
    dimensions: dim,
    distanceStrategy: 'cosine',
  });
  return {
    add: async (batch) => {
      await lc.addVectors(
        batch.map((d) => d.embedding as number[]),
        batch.map((d) => new LcDocument({ pageContent: d.content, metadata: d.meta })),
      );
    },
    search: async (embedding) =>
      (await lc.similaritySearchVectorWithScore(embedding, 10)).map(([d]) => String(d.id ?? d.pageContent)),
    createIndex: () => lc.createHnswIndex({ dimensions: dim, m: 16, efConstruction: 64, namespace: tableName }),
    drop: async () => {
      await lc.pool.query(`DROP TABLE IF EXISTS ${tableName}`).catch(() => undefined);
      await lc.pool.query('DROP TABLE IF EXISTS langchain_pg_collection').catch(() => undefined);
      await lc.end();
    },
  };
}

export type QueryFn = (q: Query, i: number) => Promise<unknown>;

/**
 * The hybrid search a pipeline user would build: embedding and keyword retrievers (top 20 each,
 * as the one-statement retriever's default candidateK) fused by DocumentJoiner in RRF mode. The
 * pipeline runs both retrievers concurrently.
 */
export function hybridPipeline(store: PgvectorDocumentStore): QueryFn {
  const pipeline = new Pipeline()
    .addComponent('vector', new PgvectorEmbeddingRetriever({ documentStore: store, topK: 20, returnEmbedding: false }))
    .addComponent('keyword', new PgvectorKeywordRetriever({ documentStore: store, topK: 20, returnEmbedding: false }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', topK: 10 }))
    .connect('vector', 'joiner')
    .connect('keyword', 'joiner');
  return (q) => pipeline.run({ queryEmbedding: q.embedding, query: q.text });
}

/**
 * A lower bound for any one-statement hybrid, not a retriever: the hybrid statement's shape
 * (HNSW top-20 `UNION ALL` 20 keyword matches, id / content / meta, one round trip) with the
 * keyword half unranked — no `ts_rank_cd`, no sort, any 20 matching rows — and the raw rows
 * returned without fusion. Timed next to the vector-only query, it shows how much of the hybrid /
 * vector ratio the ranking could ever win back. Stored-tsvector tables only.
 */
export function hybridFloor(store: PgvectorDocumentStore): QueryFn {
  const t = store.qualifiedTableName;
  const tsq = "websearch_to_tsquery('english'::regconfig, $2::text)";
  const sql = `SELECT * FROM ((SELECT 0 AS src, d.id, d.content, d.meta, (d.embedding <=> $1::vector) AS distance FROM ${t} AS d
 WHERE d.embedding IS NOT NULL ORDER BY d.embedding <=> $1::vector LIMIT 20)
UNION ALL
(SELECT 1, d.id, d.content, d.meta, 0::float8 FROM ${t} AS d WHERE numnode(${tsq}) > 0 AND d.content_tsv @@ ${tsq} LIMIT 20)) AS c
ORDER BY c.src, c.distance + 0, c.id`;
  return (q) => store.query(sql, [encodeVectorParam(q.embedding, false), q.text]);
}

/** `contenders` plus LangChain's search as contender `name` (ids per query into `ids`), when LangChain runs. */
export function withLangchain<C extends Record<string, QueryFn>, N extends string>(
  contenders: C,
  lc: LangchainContender | undefined,
  name: N,
  ids: string[][],
): C | (C & Record<N, QueryFn>) {
  if (!lc) return contenders;
  const search: QueryFn = async (q, i) => {
    ids[i] = await lc.search(q.embedding);
  };
  return { ...contenders, [name]: search } as C & Record<N, QueryFn>;
}
