import type { EmbeddingRetrievalOptions, Filter } from '@synapse-rag/core';
import { ChromaClient } from 'chromadb';
import { z } from 'zod';
import { isStoreEmbedder, type StoreEmbedder } from './store-embedder.js';

/** Chroma's collection name rule: 3–512 characters from [a-zA-Z0-9._-], alphanumeric at both ends. */
const COLLECTION_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/;

/** Options of {@link ChromaDocumentStore}. */
export const ChromaDocumentStoreOptionsSchema = z.strictObject({
  /** Name of the Chroma collection (created on first use if missing). */
  collectionName: z.string().regex(COLLECTION_NAME, 'must be 3–512 characters from [a-zA-Z0-9._-], alphanumeric at both ends'),
  /**
   * Vector space of the collection's HNSW index (`configuration.hnsw.space`), fixed when the
   * collection is created: `cosine`, `l2` (squared Euclidean inside Chroma) or `ip` (1 − dot).
   * Opening an existing collection with a different space raises `InvalidOptionsError`.
   * @default "cosine"
   */
  distanceFunction: z.enum(['cosine', 'l2', 'ip']).default('cosine'),
  /** Server URL, `http(s)://host:port`; wins over host/port/ssl. @default undefined → http://localhost:8000 */
  url: z.string().optional(),
  /** Server host. @default "localhost" */
  host: z.string().min(1).optional(),
  /** Server port. @default 8000 */
  port: z.number().int().min(1).max(65535).optional(),
  /** Use https. @default false */
  ssl: z.boolean().optional(),
  /** Chroma tenant. @default the server's default tenant */
  tenant: z.string().min(1).optional(),
  /** Chroma database. @default the server's default database */
  database: z.string().min(1).optional(),
  /** Extra HTTP headers (e.g. `x-chroma-token`). Never serialized by `toJSON`. @default undefined */
  headers: z.record(z.string(), z.string()).optional(),
  /** Use this client instead of creating one (then pass `url` too if the store must be serialized). @default undefined */
  client: z.custom<ChromaClient>((v) => v instanceof ChromaClient, 'must be a ChromaClient').optional(),
  /** Records per write/read request; capped by the server's `getMaxBatchSize()`. @default the server's maximum */
  batchSize: z.number().int().positive().optional(),
  /**
   * Filters that need Synapse's shadow keys (null tests, NOT over orderings, date orderings,
   * id/content inside OR/NOT) first check, with one extra request, that the collection holds no
   * record written by another tool (else `FilterError`). Set this to `true` to skip that check
   * when every writer goes through this store; results on foreign records are then undefined.
   * @default false
   */
  skipForeignRecordCheck: z.boolean().default(false),
  /**
   * Embeds documents written without an embedding, and the text of `textRetrieval` queries, as
   * Haystack's Chroma store does with its embedding function: any text or document embedder
   * component (e.g. `TransformersDocumentEmbedder`, offline GloVe by default). Serialized with
   * the store when it is a registered component. Without it, a document without an embedding is
   * an `InvalidDocumentError`.
   * @default undefined
   */
  embedder: z.custom<StoreEmbedder>(isStoreEmbedder, 'must be a text or document embedder component').optional(),
});
export type ChromaDocumentStoreOptions = z.input<typeof ChromaDocumentStoreOptionsSchema>;
export type ResolvedChromaOptions = z.output<typeof ChromaDocumentStoreOptionsSchema>;

/**
 * Arguments of {@link ChromaDocumentStore.embeddingRetrieval}: core's
 * {@link EmbeddingRetrievalOptions} (`topK` defaults to 10, `returnEmbedding` to false).
 */
export type ChromaEmbeddingQuery = EmbeddingRetrievalOptions;

/** Arguments of {@link ChromaDocumentStore.exportDocuments}. */
export interface ChromaExportOptions {
  /** Records per page (capped by the server's maximum batch size). @default 1000 */
  batchSize?: number;
  /** Only export documents matching this filter. @default undefined (everything) */
  filters?: Filter | undefined;
  /** Include embeddings. @default true */
  includeEmbeddings?: boolean;
  /** Start at this record offset (to resume a checkpointed export). @default 0 */
  offset?: number;
  signal?: AbortSignal | undefined;
}
