import { InvalidOptionsError, StoreUnavailableError } from '@synapse-rag/core';
import { qualifiedName, quoteIdentifier, quoteLiteral } from './identifiers.js';
import type { PgvectorStoreOptions } from './pgvector-store-options.js';
import type { SqlExecutor } from './sql-client.js';
import type { DetectedTable, TableLayout } from './table-layout.js';

const OPCLASS_SUFFIX = { cosine_similarity: 'cosine_ops', inner_product: 'ip_ops', l2_distance: 'l2_ops' } as const;
/** Embeddings up to this size are stored inline (STORAGE PLAIN); a heap tuple must fit in ~8 kB. */
const PLAIN_STORAGE_MAX_BYTES = 6200;
/** The migration plan's columns mirroring the meta keys of the same name. */
const MIRRORED_COLUMNS = ['doc_type', 'title', 'source_url', 'processing_status', 'processing_error', 'embedding_model'];

/** Bytes of one stored embedding (header + components). */
function embeddingBytes(layout: TableLayout): number {
  return 8 + layout.dimension * (layout.vectorType === 'vector' ? 4 : 2);
}

/**
 * `CREATE TABLE IF NOT EXISTS` of the store's table. With `storedTsvector`, a 384-d row passes the
 * default 2 kB TOAST threshold, so every write would try to compress `content` and move
 * `content_tsv` out of line, and every ranked match would fetch it back: `toast_tuple_target =
 * 8160` keeps rows under a page inline (see docs/benchmarks.md).
 */
export function createTableSql(layout: TableLayout, storedTsvector: boolean): string {
  const mirrored = (col: string) => `${quoteIdentifier(col)} text GENERATED ALWAYS AS (meta ->> ${quoteLiteral(col)}) STORED`;
  return `CREATE TABLE IF NOT EXISTS ${layout.table} (
  id text PRIMARY KEY,
  content text NOT NULL DEFAULT '',
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  embedding ${layout.vectorType}(${layout.dimension}),
  ${MIRRORED_COLUMNS.map(mirrored).join(',\n  ')},
${
  storedTsvector
    ? `  content_tsv tsvector GENERATED ALWAYS AS (to_tsvector(${layout.regconfig}, content)) STORED,
`
    : ''
}  embedding_version integer GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(meta -> 'embedding_version') = 'number' AND (meta ->> 'embedding_version') ~ '^-?[0-9]{1,9}$' THEN (meta ->> 'embedding_version')::integer END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_scale_factor = 0.1, autovacuum_analyze_scale_factor = 0.05${storedTsvector ? ', toast_tuple_target = 8160' : ''})`;
}

/**
 * The statements creating the full-text GIN index, the meta GIN index (`metaIndex`) and, for
 * `searchStrategy: "hnsw"`, the HNSW index (dropped first with `hnswRecreateIndexIfExists`).
 */
export function createIndexStatements(
  layout: TableLayout,
  options: Pick<
    PgvectorStoreOptions,
    'metaIndex' | 'searchStrategy' | 'hnswRecreateIndexIfExists' | 'hnswM' | 'hnswEfConstruction'
  >,
  detected: Pick<DetectedTable, 'hasStoredTsvector'>,
  concurrently: boolean,
): string[] {
  const cc = concurrently ? 'CONCURRENTLY ' : '';
  const keywordKey = detected.hasStoredTsvector ? 'content_tsv' : `to_tsvector(${layout.regconfig}, content)`;
  const statements = [
    `CREATE INDEX ${cc}IF NOT EXISTS ${quoteIdentifier(layout.keywordIndex)} ON ${layout.table} USING gin (${keywordKey})`,
  ];
  if (options.metaIndex) {
    statements.push(
      `CREATE INDEX ${cc}IF NOT EXISTS ${quoteIdentifier(layout.metaIndex)} ON ${layout.table} USING gin (meta jsonb_path_ops)`,
    );
  }
  if (options.searchStrategy === 'hnsw') {
    if (options.hnswRecreateIndexIfExists) {
      statements.push(`DROP INDEX ${cc}IF EXISTS ${qualifiedName(layout.schemaName, layout.hnswIndex)}`);
    }
    const opclass = `${layout.vectorType}_${OPCLASS_SUFFIX[layout.vectorFunction]}`;
    statements.push(
      `CREATE INDEX ${cc}IF NOT EXISTS ${quoteIdentifier(layout.hnswIndex)} ON ${layout.table} USING hnsw (embedding ${opclass}) WITH (m = ${options.hnswM}, ef_construction = ${options.hnswEfConstruction})`,
    );
  }
  return statements;
}

/**
 * Creates the extension, schema, table (and, unless `deferIndexes`, the indexes) as configured,
 * then checks an existing table's embedding column; returns what it found.
 */
export async function initializeTable(client: SqlExecutor, layout: TableLayout, o: PgvectorStoreOptions): Promise<DetectedTable> {
  if (o.createExtension) await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  const ext = await client.query<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
  const version = ext.rows[0]?.extversion;
  if (version === undefined) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      'the pgvector extension is not installed in this database; run CREATE EXTENSION vector (or allow createExtension).',
    );
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);

  if (o.recreateTable) await client.query(`DROP TABLE IF EXISTS ${layout.table}`);
  if (o.createTable) {
    if (o.schemaName !== 'public') await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(o.schemaName)}`);
    const existed = await client.query<{ r: string | null }>('SELECT to_regclass($1::text)::text AS r', [layout.table]);
    await client.query(createTableSql(layout, o.storedTsvector));
    if (existed.rows[0]?.r == null && embeddingBytes(layout) <= PLAIN_STORAGE_MAX_BYTES) {
      // pgvector's types default to EXTERNAL storage: once a row passes ~2 kB (content, meta,
      // content_tsv) TOAST moves the embedding out of line and every distance computation
      // must fetch it from the TOAST table (much slower exact scans). PLAIN keeps it in
      // the heap tuple; the text/jsonb columns are toasted instead. Only for tables we create.
      await client.query(`ALTER TABLE ${layout.table} ALTER COLUMN embedding SET STORAGE PLAIN`);
    }
  }
  const detected = { ...(await checkExistingTable(client, layout)), iterativeScanSupported: major > 0 || minor >= 8 };
  if (o.createTable && !o.deferIndexes) await createIndexes(client, layout, o, detected, false);
  return detected;
}

async function checkExistingTable(
  client: SqlExecutor,
  layout: TableLayout,
): Promise<Pick<DetectedTable, 'hasStoredTsvector' | 'metaNotNull'>> {
  const { rows } = await client.query<{ type: string | null }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1::text) AND a.attname = 'embedding' AND NOT a.attisdropped`,
    [layout.table],
  );
  if (rows.length === 0) {
    const exists = await client.query<{ r: string | null }>('SELECT to_regclass($1::text)::text AS r', [layout.table]);
    if (exists.rows[0]?.r == null) {
      throw new InvalidOptionsError('PgvectorDocumentStore', `table ${layout.table} does not exist and createTable is false.`);
    }
    throw new InvalidOptionsError('PgvectorDocumentStore', `table ${layout.table} has no "embedding" column.`);
  }
  const cols = await client.query<{ attname: string; attnotnull: boolean }>(
    `SELECT attname, attnotnull FROM pg_attribute
      WHERE attrelid = to_regclass($1::text) AND attname IN ('content_tsv', 'meta') AND NOT attisdropped`,
    [layout.table],
  );
  const expected = `${layout.vectorType}(${layout.dimension})`;
  if (rows[0]?.type !== expected) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      `table ${layout.table} has embedding column type ${rows[0]?.type}, but the store is configured for ${expected}. Use a matching embeddingDimension/vectorType or recreateTable.`,
    );
  }
  return {
    hasStoredTsvector: cols.rows.some((c) => c.attname === 'content_tsv'),
    metaNotNull: cols.rows.some((c) => c.attname === 'meta' && c.attnotnull === true),
  };
}

/**
 * Creates the indexes (see {@link createIndexStatements}) after dropping INVALID leftovers: an
 * interrupted (or silently failed, pgvector#925) `CREATE INDEX CONCURRENTLY` leaves an INVALID
 * index that `IF NOT EXISTS` would keep forever. StoreUnavailableError if one is still invalid.
 */
export async function createIndexes(
  client: SqlExecutor,
  layout: TableLayout,
  o: PgvectorStoreOptions,
  detected: Pick<DetectedTable, 'hasStoredTsvector'>,
  concurrently: boolean,
): Promise<void> {
  const cc = concurrently ? 'CONCURRENTLY ' : '';
  for (const name of await invalidIndexes(client, layout)) {
    await client.query(`DROP INDEX ${cc}IF EXISTS ${qualifiedName(o.schemaName, name)}`);
  }
  for (const statement of createIndexStatements(layout, o, detected, concurrently)) await client.query(statement);
  const invalid = await invalidIndexes(client, layout);
  if (invalid.length > 0) {
    throw new StoreUnavailableError(
      `PostgreSQL left ${invalid.join(', ')} INVALID after CREATE INDEX ${cc.trim()} on ${layout.table}; queries will not use ${invalid.length > 1 ? 'them' : 'it'}. Call createIndexes() again (invalid leftovers are dropped and rebuilt).`,
      { details: { invalidIndexes: invalid } },
    );
  }
}

/** Names of this store's keyword / meta / HNSW indexes that exist but are not valid. */
async function invalidIndexes(client: SqlExecutor, layout: TableLayout): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass($1::text) AND NOT i.indisvalid AND c.relname IN ($2::text, $3::text, $4::text)
      ORDER BY 1`,
    [layout.table, layout.keywordIndex, layout.hnswIndex, layout.metaIndex],
  );
  return rows.map((r) => r.name);
}
