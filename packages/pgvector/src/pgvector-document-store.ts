import type { Document, DocumentStore, Filter, SerializedObject, WriteOptions } from '@synapse-rag/core';
import {
  checkTopK,
  defaultRegistry,
  InvalidDocumentError,
  parseOptions,
  RETURN_EMBEDDING_DEFAULT,
  StoreClosedError,
  throwIfAborted,
  validateFilter,
} from '@synapse-rag/core';
import { type DocumentRow, type HybridRow, hybridRowsToDocuments, hybridVectorCount, rowToDocument } from './document-row.js';
import { validateQueryEmbedding } from './document-validation.js';
import { hnswSettingsCondition } from './hnsw-settings.js';
import { keywordQueryText } from './keyword-query-text.js';
import type { EmbeddingRetrievalOptions, HybridRetrievalOptions, KeywordRetrievalOptions } from './pgvector-retrieval-options.js';
import {
  type PgvectorStoreOptions,
  type PgvectorStoreOptionsInput,
  PgvectorStoreOptionsSchema,
} from './pgvector-store-options.js';
import { ReadRouting } from './read-routing.js';
import { checkQueryText, hybridParameters } from './retrieval-checks.js';
import type { HnswSettings, SearchTable } from './search-sql.js';
import { embeddingSearchSql, filterDocumentsSql, hybridSearchSql, keywordSearchSql } from './search-sql.js';
import type { SqlClient, SqlParam } from './sql-client.js';
import { settleStatement, toStoreError } from './sql-errors.js';
import type { CallerConnection, ConnectionKind } from './store-connection.js';
import {
  checkConnectionSources,
  deserializeConnectionOptions,
  openConnection,
  openReadConnection,
  serializeConnectionOptions,
} from './store-connection.js';
import { type BulkWriteOptions, StoreWriter } from './store-writer.js';
import { type DetectedTable, type TableLayout, tableLayout, UNDETECTED_TABLE } from './table-layout.js';
import { createIndexes, initializeTable } from './table-schema.js';

export type {
  EmbeddingRetrievalOptions,
  HybridRetrievalOptions,
  KeywordRetrievalOptions,
  RetrievalOptions,
} from './pgvector-retrieval-options.js';

export const PGVECTOR_STORE_TYPE = 'pgvector.PgvectorDocumentStore';
const OWNER = 'PgvectorDocumentStore';

/** Constructor input: serializable options plus, optionally, a live connection the caller owns. */
export type PgvectorDocumentStoreInit = PgvectorStoreOptionsInput & CallerConnection;

/**
 * A {@link DocumentStore} on PostgreSQL + pgvector: a server through node-postgres (connection
 * string or a caller's `pg.Pool`) or PGlite in process (in memory, a data directory, or a caller's
 * instance). All SQL is written once against a small internal client interface (`sql-client.ts`).
 *
 * The table is created on first use (see `initialize()`, `table-schema.ts`): `id text primary key`,
 * `content`, `meta jsonb`, `embedding vector(n)` (or `halfvec(n)`), the migration plan's
 * `doc_type`, `title`, `source_url`, `processing_status`, `processing_error`, `embedding_model`,
 * `embedding_version` as generated columns mirroring the meta keys of the same name, and
 * `created_at` / `updated_at`. Full text: a GIN index on `to_tsvector(language, content)` by
 * default, or (`storedTsvector: true`) a stored generated `content_tsv` column with the GIN index
 * on it; existing tables are detected. Search statements: `search-sql.ts`; writes: `write-rows.ts`.
 *
 * A retrieval's `signal` cancels its running statement on a server (`pg_cancel_backend`); PGlite
 * checks it only before and after the statement (see `SqlClient`).
 *
 * Read replicas: with `readConnectionString` (or `readConnectionStringEnv`, or a caller's
 * `readPool`) `countDocuments`, `filterDocuments` and the retrievals query the replica; writes,
 * deletes, `initialize`, `createIndexes`, `dropTable` and `query()` go to the primary. A streaming
 * replica lags its primary, so by default (`readYourWrites: true`) this store reads from the
 * primary after its own writes until the replica has replayed them — it always sees what it
 * wrote; other writers' changes appear on the replica when it has replayed them (see
 * `readYourWrites`).
 */
export class PgvectorDocumentStore implements DocumentStore {
  readonly type = PGVECTOR_STORE_TYPE;
  readonly options: Readonly<PgvectorStoreOptions>;
  /** `vector` or `halfvec`, resolved from `vectorType`. */
  readonly vectorType: 'vector' | 'halfvec';
  /** The primary: every write and DDL statement. */
  private readonly client: SqlClient;
  /** Where reads go (the primary, or a read replica). */
  private readonly routing: ReadRouting;
  private readonly connectionKind: ConnectionKind;
  private readonly callerReadPool: boolean;
  private readonly layout: TableLayout;
  private initialized: Promise<void> | undefined;
  /** What initialization found (stored tsvector, `meta NOT NULL`, iterative scans). */
  private detected: DetectedTable = UNDETECTED_TABLE;
  private closed = false;
  /** Writes: validation, de-duplication, one-transaction and parallel bulk writes. */
  private readonly writer: StoreWriter;

  constructor(init: PgvectorDocumentStoreInit = {}) {
    const { pool, pglite, readPool, ...rest } = init ?? {};
    const options = parseOptions(PgvectorStoreOptionsSchema, rest, OWNER);
    checkConnectionSources(options, { pool, pglite, readPool });
    this.layout = tableLayout(options);
    this.vectorType = this.layout.vectorType;
    this.options = Object.freeze(options);
    const { client, kind } = openConnection(options, { pool, pglite });
    this.client = client;
    this.connectionKind = kind;
    this.routing = new ReadRouting(client, openReadConnection(options, { readPool }), options.readYourWrites);
    this.callerReadPool = readPool !== undefined;
    this.writer = new StoreWriter(client, this.layout, this.options, this.routing, OWNER);
  }

  /** The fully qualified, quoted table name, e.g. `"public"."documents"`. */
  get qualifiedTableName(): string {
    return this.layout.table;
  }

  /** The adapter's kind: `pg` (a server, or pglite-server over the wire) or `pglite` (in process). */
  get clientKind(): 'pg' | 'pglite' {
    return this.client.kind;
  }

  // ---------------------------------------------------------------- schema

  /**
   * Creates the extension, schema, table and indexes as configured (idempotent, memoized; every
   * other method calls it). Checks that an existing table's embedding column has the configured
   * dimension and type. StoreClosedError after `close()`.
   */
  initialize(): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError(OWNER, 'initialize the table'));
    this.initialized ??= initializeTable(this.client, this.layout, this.options).then(
      async (detected) => {
        this.detected = detected;
        await this.routing.afterWrite(); // a table just created may not be on the replica yet
      },
      (err: unknown) => {
        this.initialized = undefined;
        throw toStoreError(err, 'initializing the table');
      },
    );
    return this.initialized;
  }

  /**
   * Creates the full-text GIN index, the meta GIN index (`metaIndex`) and (for `searchStrategy:
   * "hnsw"`) the HNSW index, if missing. Call after a bulk load when `deferIndexes` is set.
   * `concurrently` uses `CREATE INDEX CONCURRENTLY` (no write lock; not inside a transaction).
   */
  async createIndexes({ concurrently = false }: { concurrently?: boolean } = {}): Promise<void> {
    await this.initialize();
    try {
      const caps = await this.client.capabilities();
      await createIndexes(this.client, this.layout, this.options, this.detected, concurrently && caps.concurrentIndexes);
      await this.routing.afterWrite();
    } catch (err) {
      throw toStoreError(err, 'creating indexes');
    }
  }

  /** Drops the table (and its indexes). */
  async dropTable(): Promise<void> {
    this.assertOpen('drop the table');
    try {
      await this.client.query(`DROP TABLE IF EXISTS ${this.layout.table}`);
      await this.routing.afterWrite();
    } catch (err) {
      throw toStoreError(err, 'dropping the table');
    }
    this.initialized = undefined;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Writes documents atomically (one transaction): binary COPY for batches of `copyThreshold` rows
   * or more (or `bulkMode: "copy"`), else multi-row INSERT. Duplicates follow core's rules
   * (`dedupeBatch`); policy `fail` writes optimistically and only looks the clashing ids up when
   * the primary key rejects the batch (checking first costs every write a lookup per document).
   */
  async writeDocuments(documents: readonly Document[], options: WriteOptions = {}): Promise<number> {
    const prepared = this.writer.prepare(documents, options.policy, 'writeDocuments');
    if (prepared.rows.length === 0) return 0;
    await this.initialize();
    return this.writer.write(prepared);
  }

  /**
   * Bulk load over several connections at once: the batch is cut into `streams` slices (each of at
   * least `copyThreshold` documents), written concurrently, one transaction and one binary COPY per
   * slice, so the server parses, checks and indexes them on several cores. Opt-in, for large loads;
   * `writeDocuments` stays the one-transaction write.
   *
   * What is all-or-nothing: validation and in-batch duplicates are checked before anything is
   * written; a slice that fails on the server (a duplicate id under policy `fail`, a rejected row,
   * a lost connection) rolls every slice back — the streams commit only after all have written
   * (a commit barrier). What is not: the slices are separate transactions committed together, so
   * a concurrent reader can see one slice's rows a moment before another's, and if the server or a
   * connection is lost between the commits, the slices already committed stay (the error,
   * `StoreUnavailableError` with `details.committedStreams`, says so; rerun the batch with policy
   * `skip` or `overwrite`). Use it where a rerun is safe, e.g. an initial or resumable load.
   *
   * Falls back to `writeDocuments` (one transaction) when one stream would do: PGlite, a pool of
   * one connection, or fewer than `2 × copyThreshold` documents. `streams` is capped by the pool's
   * size; calls on one store run one at a time. The streams wait for each other in the client,
   * where PostgreSQL cannot detect a deadlock with another writer: see `barrierTimeoutMs`.
   */
  async bulkWriteDocuments(documents: readonly Document[], options: BulkWriteOptions = {}): Promise<number> {
    const { streams = 2, barrierTimeoutMs = 60_000, policy } = options;
    this.writer.checkBulkOptions(streams, barrierTimeoutMs);
    const prepared = this.writer.prepare(documents, policy, 'bulkWriteDocuments');
    if (prepared.rows.length === 0) return 0;
    await this.initialize();
    return this.writer.bulkWrite(prepared, streams, barrierTimeoutMs);
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      throw new InvalidDocumentError('deleteDocuments expects an array of string ids.');
    }
    if (ids.length === 0) return;
    await this.initialize();
    const sql = `DELETE FROM ${this.layout.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`;
    await this.run('deleting documents', sql, [JSON.stringify(ids)]);
    await this.routing.afterWrite();
  }

  /** Deletes every document (keeps the table). */
  async deleteAllDocuments(): Promise<void> {
    await this.initialize();
    await this.run('deleting all documents', `TRUNCATE ${this.layout.table}`);
    await this.routing.afterWrite();
  }

  // ---------------------------------------------------------------- reads

  async countDocuments(): Promise<number> {
    await this.initialize();
    const rows = await this.read<{ n: number }>('counting documents', `SELECT count(*)::int AS n FROM ${this.layout.table}`);
    return Number(rows[0]?.n ?? 0);
  }

  /** Documents matching `filters` (all when omitted), ordered by id, with embeddings. */
  async filterDocuments(filters?: Filter): Promise<Document[]> {
    await this.initializeFor(filters);
    const { sql, params } = filterDocumentsSql(this.searchTable(), filters);
    const rows = await this.read<DocumentRow>('filtering documents', sql, params);
    return rows.map((r) => rowToDocument(r, this.vectorType === 'halfvec', false));
  }

  /**
   * Nearest neighbors of `queryEmbedding` (scores per `vectorFunction`), best first. An HNSW scan
   * can come back short although enough rows match (an iterative scan stops at `hnswMaxScanTuples`
   * when the filter's rows lie far from the query; a LIMIT above 1,000 exceeds ef_search): then
   * the query is answered exactly instead.
   */
  async embeddingRetrieval(opts: EmbeddingRetrievalOptions): Promise<Document[]> {
    const owner = `${OWNER}.embeddingRetrieval`;
    validateQueryEmbedding(opts.queryEmbedding, this.options.embeddingDimension, this.vectorType);
    checkTopK(opts.topK, owner);
    await this.initializeFor(opts.filters, opts.signal);
    const indexed = this.useIndex(opts.exact);
    const returnEmbedding = opts.returnEmbedding ?? RETURN_EMBEDDING_DEFAULT;
    const hnswSettings = this.hnswSettings(opts.topK, opts.efSearch);
    const { sql, params } = embeddingSearchSql(this.searchTable(), { ...opts, returnEmbedding, indexed, hnswSettings });
    const rows = await this.read<DocumentRow>('running an embedding query', sql, params, opts.signal);
    if (indexed && rows.length < opts.topK) return this.embeddingRetrieval({ ...opts, exact: true });
    return rows.map((r) => rowToDocument(r, this.vectorType === 'halfvec', true));
  }

  /** Full-text search with `websearch_to_tsquery` (words per `keywordMatch`) ranked by `ts_rank_cd`; empty / stop-word-only queries → `[]`. */
  async keywordRetrieval(opts: KeywordRetrievalOptions): Promise<Document[]> {
    const owner = `${OWNER}.keywordRetrieval`;
    checkTopK(opts.topK, owner);
    checkQueryText(opts.query, owner);
    if (opts.query.trim() === '') return [];
    await this.initializeFor(opts.filters, opts.signal);
    const returnEmbedding = opts.returnEmbedding ?? RETURN_EMBEDDING_DEFAULT;
    const query = keywordQueryText(opts.query, this.options.keywordMatch);
    if (query.trim() === '') return [];
    const { sql, params } = keywordSearchSql(this.searchTable(), { ...opts, query, returnEmbedding });
    const rows = await this.read<DocumentRow>('running a keyword query', sql, params, opts.signal);
    return rows.map((r) => rowToDocument(r, this.vectorType === 'halfvec', true));
  }

  /**
   * Vector + keyword search fused with weighted reciprocal rank fusion in ONE statement (one round
   * trip): `score = Σ wᵢ / (k + rankᵢ)  /  Σ wᵢ / (k + 1)` (ranks from 1; a document missing from a
   * list contributes nothing for it) — the same numbers and order as core's `DocumentJoiner` in RRF
   * mode over the embedding and keyword retrievers' results (ties: first appearance, vector list first).
   *
   * Two statement shapes, chosen by `returnEmbedding`. Without embeddings the statement returns both
   * ranked candidate lists (≤ 2 × candidateK rows with content and meta) and they are fused here
   * (faster to plan and run than fusing in SQL). With embeddings, shipping every candidate's vector
   * would cost more than that, so the statement fuses in SQL and fetches content, meta and
   * embedding for the topK winners only.
   */
  async hybridRetrieval(opts: HybridRetrievalOptions): Promise<Document[]> {
    const owner = `${OWNER}.hybridRetrieval`;
    validateQueryEmbedding(opts.queryEmbedding, this.options.embeddingDimension, this.vectorType);
    const { candidateK, k, weights } = hybridParameters(opts, owner);
    await this.initializeFor(opts.filters, opts.signal);
    const returnEmbedding = opts.returnEmbedding ?? RETURN_EMBEDDING_DEFAULT;
    const indexed = this.useIndex(opts.exact);
    const query = keywordQueryText(opts.query, this.options.keywordMatch);
    const hnswSettings = this.hnswSettings(candidateK, opts.efSearch);
    const search = { ...opts, query, returnEmbedding, indexed, candidateK, k, weights, hnswSettings };
    const { sql, params } = hybridSearchSql(this.searchTable(), search);
    const rows = await this.read<HybridRow>('running a hybrid query', sql, params, opts.signal);
    // as in embeddingRetrieval: a short HNSW candidate list → the exact one (same results as the
    // embedding retriever + keyword retriever + joiner, which fall back alike)
    if (indexed && hybridVectorCount(rows, returnEmbedding) < candidateK) return this.hybridRetrieval({ ...opts, exact: true });
    const fusion = { fusedInSql: returnEmbedding, weights, k, topK: opts.topK };
    return hybridRowsToDocuments(rows, this.vectorType === 'halfvec', fusion);
  }

  // ---------------------------------------------------------------- internals

  private assertOpen(operation: string): void {
    if (this.closed) throw new StoreClosedError(OWNER, operation);
  }

  /**
   * Rejects a malformed filter with core's `FilterError` before any I/O, then initializes the
   * store: queries are compiled after it, for the table it found (stored tsvector, `meta NOT NULL`).
   */
  private async initializeFor(filters: unknown, signal?: AbortSignal): Promise<void> {
    if (filters !== undefined && filters !== null) validateFilter(filters);
    throwIfAborted(signal);
    await this.initialize();
  }

  private searchTable(): SearchTable {
    return { layout: this.layout, detected: this.detected };
  }

  /** Whether the query should go through the HNSW index (with iterative scans). */
  private useIndex(exact: boolean | undefined): boolean {
    return exact === undefined ? this.options.searchStrategy === 'hnsw' : !exact;
  }

  /** Runs a statement on the primary; driver errors become store errors, an abort rejects with its reason. */
  private async run<R>(what: string, sql: string, params: readonly SqlParam[] = [], signal?: AbortSignal): Promise<R[]> {
    return settleStatement(what, signal, async () => (await this.client.query<R>(sql, params, signal)).rows);
  }

  /** As {@link run}, on the read replica when there is one (see `ReadRouting`). */
  private async read<R>(what: string, sql: string, params: readonly SqlParam[] = [], signal?: AbortSignal): Promise<R[]> {
    return settleStatement(what, signal, async () => (await (await this.routing.reader()).query<R>(sql, params, signal)).rows);
  }

  /**
   * The HNSW settings condition of an indexed scan delivering `limit` rows, applied inside the
   * search statement itself (see `hnswSettingsCondition`).
   */
  private hnswSettings(limit: number, efSearch: number | undefined): HnswSettings {
    const { iterativeScanSupported } = this.detected;
    return (filtered, params) =>
      hnswSettingsCondition({ indexed: true, filtered, limit, efSearch, iterativeScanSupported }, this.options, params);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Runs a raw statement (for tooling, benchmarks, and queries the store does not wrap): same
   * client, same error mapping. `signal` cancels it on a server (see `SqlClient`).
   */
  async query<R = Record<string, unknown>>(
    text: string,
    params: readonly SqlParam[] = [],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<R[]> {
    this.assertOpen('run a query');
    return this.run<R>('running a query', text, params, options.signal);
  }

  /** Ends the pools / closes PGlite the store created itself. Caller-owned pools and PGlite instances stay open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.routing.close();
  }

  /** `{ type, options }`: the password of a connection string masked, a caller's pool / PGlite recorded as such. */
  toJSON(): SerializedObject {
    return {
      type: PGVECTOR_STORE_TYPE,
      options: serializeConnectionOptions(this.options, this.connectionKind, this.callerReadPool),
    };
  }

  /**
   * Re-creates a store from `toJSON()` output. Stores built on a caller's pool or PGlite instance
   * cannot be re-created from JSON (the live connection is not serializable): pass it again.
   */
  static fromJSON(options: Record<string, unknown>): PgvectorDocumentStore {
    return new PgvectorDocumentStore(deserializeConnectionOptions(options) as PgvectorDocumentStoreInit);
  }
}

defaultRegistry.registerStore(PGVECTOR_STORE_TYPE, (options) => PgvectorDocumentStore.fromJSON(options));
