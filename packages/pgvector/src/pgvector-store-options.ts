import { z } from 'zod';

export const VECTOR_FUNCTIONS = ['cosine_similarity', 'inner_product', 'l2_distance'] as const;
export type VectorFunction = (typeof VECTOR_FUNCTIONS)[number];
export const SEARCH_STRATEGIES = ['exact_nearest_neighbor', 'hnsw'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

/** Serializable options of {@link PgvectorDocumentStore} (live pools / PGlite instances are passed separately). */
export const PgvectorStoreOptionsSchema = z.strictObject({
  /**
   * `postgres://user:pass@host:port/db`. The store creates (and on `close()` ends) its own
   * `pg.Pool`. Serialized with the password masked.
   */
  connectionString: z.string().min(1).optional(),
  /** Name of an environment variable holding the connection string (serialized as the name). */
  connectionStringEnv: z.string().min(1).optional(),
  /**
   * A read replica (`postgres://…` of a streaming standby) for queries: `countDocuments`,
   * `filterDocuments` and the three retrievals go there; writes, deletes, `initialize`,
   * `createIndexes` and `query()` stay on the primary (the connection above, or `pool`). The
   * store creates and ends its own pool for it (`poolMax` connections). Only with a server
   * primary. Serialized with the password masked. See `readYourWrites`.
   */
  readConnectionString: z.string().min(1).optional(),
  /** Name of an environment variable holding the read replica's connection string (serialized as the name). */
  readConnectionStringEnv: z.string().min(1).optional(),
  /**
   * With a read replica: after this store instance writes (or creates its table), its reads go to
   * the primary until the replica has replayed the primary's WAL up to that write
   * (`pg_last_wal_replay_lsn()` ≥ the primary's `pg_current_wal_insert_lsn()` taken after the
   * commit), so the store always sees its own writes. That costs one small query on the replica per
   * read while a write is pending, none once it has caught up. Writes by other processes or other
   * store instances are not tracked: those reads see the replica's (possibly lagging) state.
   * `false`: every read goes to the replica at once, which may not show a write that just
   * returned. A read server that is not a physical standby (no replay position) counts as current.
   * @default true
   */
  readYourWrites: z.boolean().default(true),
  /** PGlite data directory (persists across processes). Neither this nor a connection → in-memory PGlite. */
  dataDir: z.string().min(1).optional(),
  /** Schema of the table. @default "public" */
  schemaName: z.string().default('public'),
  /** Table name; validated as an identifier and always quoted. @default "documents" */
  tableName: z.string().default('documents'),
  /** Dimension of the embedding column. @default 768 */
  embeddingDimension: z.number().int().positive().max(16000).default(768),
  /**
   * Similarity: scores are `1 - cosine distance`, `-(negative inner product)` = inner product, or
   * the L2 distance (lower is better, as in Haystack). @default "cosine_similarity"
   */
  vectorFunction: z.enum(VECTOR_FUNCTIONS).default('cosine_similarity'),
  /** Column type; `auto` = `vector` up to 2000 dimensions, `halfvec` above (HNSW limit). @default "auto" */
  vectorType: z.enum(['auto', 'vector', 'halfvec']).default('auto'),
  /** `hnsw` creates an HNSW index and queries it with iterative scans. @default "exact_nearest_neighbor" */
  searchStrategy: z.enum(SEARCH_STRATEGIES).default('exact_nearest_neighbor'),
  /** HNSW `m`. @default 16 */
  hnswM: z.number().int().min(2).max(100).default(16),
  /** HNSW `ef_construction`. @default 64 */
  hnswEfConstruction: z.number().int().min(4).max(1000).default(64),
  /** `hnsw.ef_search` per query (raised to the query's `topK` when smaller); unset = the server's setting (pgvector default 40), raised likewise. */
  hnswEfSearch: z.number().int().min(1).max(1000).optional(),
  /**
   * pgvector ≥ 0.8 iterative index scans so filtered HNSW queries still return `topK` rows.
   * `relaxed_order` results are re-sorted exactly by distance. @default "relaxed_order"
   */
  hnswIterativeScan: z.enum(['off', 'relaxed_order', 'strict_order']).default('relaxed_order'),
  /**
   * `hnsw.max_scan_tuples` for filtered HNSW queries (with iterative scans): how many index tuples
   * an iterative scan may visit before it gives up. A query that comes back with fewer than `topK`
   * rows is re-run exactly, so this trades a long hopeless scan for the exact query. pgvector's own
   * default is 20,000; a lower cap bounds the p95 of filters that make the scan search far, and a
   * much lower one loses when the exact query is a full scan. Measured trade-off:
   * docs/benchmarks.md, "Measured figures behind pgvector defaults".
   * @default 5000
   */
  hnswMaxScanTuples: z.number().int().min(1).max(2_147_483_647).default(5000),
  /** HNSW index name. @default "<table>_embedding_hnsw" */
  hnswIndexName: z.string().optional(),
  /** Drop and re-create the HNSW index on initialization. @default false */
  hnswRecreateIndexIfExists: z.boolean().default(false),
  /**
   * Full-text layout of tables the store creates. Both index exactly `to_tsvector(language, content)`.
   *
   * `true` (default): a stored generated column `content_tsv tsvector GENERATED ALWAYS AS
   * (to_tsvector(language, content)) STORED` with the GIN index on it. `ts_rank_cd` needs the
   * tsvector of every row a keyword query matches; here it is read, not re-parsed, so keyword and
   * hybrid queries stay cheap. Every write runs `to_tsvector` once, which slows bulk COPY (figures:
   * docs/benchmarks.md, "Measured figures behind pgvector defaults").
   * Tables are created with `toast_tuple_target = 8160` so the tsvector stays inline.
   *
   * `false`: a GIN index on the expression `to_tsvector(language, content)` (the layout the
   * migration plan's SQL uses) and no extra column. Writes parse nothing (fastest bulk loads with
   * `deferIndexes`), but every keyword query re-parses the content of every row it matches in
   * order to rank it, which grows with the length of the chunks. Choose it for write-heavy tables
   * that are rarely keyword-searched.
   *
   * Only affects tables the store creates. On an existing table the store detects the layout: a
   * `content_tsv` column is used when present (whatever this option says), otherwise the expression.
   * @default true
   */
  storedTsvector: z.boolean().default(true),
  /** Full-text GIN index name. @default "<table>_keyword_idx" */
  keywordIndexName: z.string().optional(),
  /**
   * Create a GIN index on `meta` (`jsonb_path_ops`) with the other indexes. Equality and short
   * `in` filters on meta fields compile to containment tests (`meta @> '{"year":2003}'`) that
   * use it: a selective filter is answered from the index instead of a sequential scan, or of an
   * HNSW scan that must walk far past the query's neighbourhood to find matching rows. Small; costs a GIN
   * insert per written row when indexes exist during writes (`deferIndexes` builds it after a bulk load).
   * @default true
   */
  metaIndex: z.boolean().default(true),
  /** Meta GIN index name. @default "<table>_meta_idx" */
  metaIndexName: z.string().optional(),
  /** Text-search configuration for `to_tsvector` / `websearch_to_tsquery`. @default "english" */
  language: z.string().default('english'),
  /**
   * How keyword (and the keyword half of hybrid) queries match: `all` — every word (web search
   * syntax: phrases, `or`, `-exclusion`), Haystack's behavior; `any` — any of the query's words,
   * ranked by how many match and how close together (better for natural-language questions over
   * short chunks; query syntax is ignored). See `keywordQueryText`.
   * @default "all"
   */
  keywordMatch: z.enum(['all', 'any']).default('all'),
  /** Create schema, table and indexes when missing. @default true */
  createTable: z.boolean().default(true),
  /** Drop the table first (data loss!). @default false */
  recreateTable: z.boolean().default(false),
  /** Run `CREATE EXTENSION IF NOT EXISTS vector`. @default true */
  createExtension: z.boolean().default(true),
  /** Skip index creation at initialization; call `createIndexes()` after a bulk load. @default false */
  deferIndexes: z.boolean().default(false),
  /**
   * Bulk path: `copy` = binary COPY, `insert` = multi-row INSERT (for `pglite-server`, which has no
   * COPY FROM STDIN), `auto` = COPY unless the server is detected as PGlite-over-the-wire. @default "auto"
   */
  bulkMode: z.enum(['auto', 'copy', 'insert']).default('auto'),
  /** Writes with at least this many documents use binary COPY (when available). @default 200 */
  copyThreshold: z.number().int().min(1).default(200),
  /** Rows per multi-row INSERT statement. @default 500 */
  insertBatchSize: z.number().int().min(1).max(10000).default(500),
  /** Max connections of each pool the store creates itself (primary, and read replica). @default 10 */
  poolMax: z.number().int().min(1).max(1000).default(10),
});

export type PgvectorStoreOptionsInput = z.input<typeof PgvectorStoreOptionsSchema>;
export type PgvectorStoreOptions = z.output<typeof PgvectorStoreOptionsSchema>;
