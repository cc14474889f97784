/**
 * @synapse-rag/pgvector — PostgreSQL + pgvector document store and retrievers (server via
 * node-postgres, or PGlite in process).
 */
export {
  type BinaryColumnType,
  type BinaryValue,
  encodeBinaryCopy,
  encodeVectorParam,
  float16Bits,
} from './binary-copy.js';
export { validateDocuments } from './document-validation.js';
export { type FilterColumns, filterToSql, isoMillisSql, SqlParams } from './filters-to-sql.js';
export { assertIdentifier, qualifiedName, quoteIdentifier } from './identifiers.js';
export { type KeywordMatch, keywordQueryText } from './keyword-query-text.js';
export { PgPoolClient } from './pg-pool-client.js';
export { createPglite, PgliteClient } from './pglite-client.js';
export {
  type EmbeddingRetrievalOptions,
  type HybridRetrievalOptions,
  type KeywordRetrievalOptions,
  PGVECTOR_STORE_TYPE,
  PgvectorDocumentStore,
  type PgvectorDocumentStoreInit,
  type RetrievalOptions,
} from './pgvector-document-store.js';
export {
  PgvectorEmbeddingRetriever,
  type PgvectorEmbeddingRetrieverOptions,
  PgvectorEmbeddingRetrieverOptionsSchema,
} from './pgvector-embedding-retriever.js';
export {
  PgvectorHybridRetriever,
  type PgvectorHybridRetrieverOptions,
  PgvectorHybridRetrieverOptionsSchema,
} from './pgvector-hybrid-retriever.js';
export {
  PgvectorKeywordRetriever,
  type PgvectorKeywordRetrieverOptions,
  PgvectorKeywordRetrieverOptionsSchema,
} from './pgvector-keyword-retriever.js';
export {
  type PgvectorStoreOptions,
  type PgvectorStoreOptionsInput,
  PgvectorStoreOptionsSchema,
  type SearchStrategy,
  type VectorFunction,
} from './pgvector-store-options.js';
export type { SqlCapabilities, SqlClient, SqlExecutor, SqlResult } from './sql-client.js';
export type { BulkWriteOptions } from './store-writer.js';
