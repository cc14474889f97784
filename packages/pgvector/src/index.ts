/**
 * @synapse-rag/pgvector — PostgreSQL + pgvector document store and retrievers (server via
 * node-postgres, or PGlite in process).
 */
export { encodeBinaryCopy, float16Bits, type BinaryColumnType, type BinaryValue } from './binary-copy.js';
export { validateDocuments } from './document-validation.js';
export { SqlParams, filterToSql, isoMillisSql, type FilterColumns } from './filters-to-sql.js';
export { assertIdentifier, quoteIdentifier, qualifiedName } from './identifiers.js';
export { PgPoolClient } from './pg-pool-client.js';
export { PgliteClient, createPglite } from './pglite-client.js';
export {
  PGVECTOR_STORE_TYPE,
  PgvectorDocumentStore,
  type PgvectorDocumentStoreInit,
  type EmbeddingRetrievalOptions,
  type HybridRetrievalOptions,
  type KeywordRetrievalOptions,
  type RetrievalOptions,
} from './pgvector-document-store.js';
export {
  PgvectorStoreOptionsSchema,
  type PgvectorStoreOptions,
  type PgvectorStoreOptionsInput,
  type SearchStrategy,
  type VectorFunction,
} from './pgvector-store-options.js';
export type { SqlCapabilities, SqlClient, SqlExecutor, SqlResult } from './sql-client.js';
export {
  PgvectorEmbeddingRetriever,
  PgvectorEmbeddingRetrieverOptionsSchema,
  type PgvectorEmbeddingRetrieverOptions,
} from './pgvector-embedding-retriever.js';
export {
  PgvectorHybridRetriever,
  PgvectorHybridRetrieverOptionsSchema,
  type PgvectorHybridRetrieverOptions,
} from './pgvector-hybrid-retriever.js';
export {
  PgvectorKeywordRetriever,
  PgvectorKeywordRetrieverOptionsSchema,
  type PgvectorKeywordRetrieverOptions,
} from './pgvector-keyword-retriever.js';
