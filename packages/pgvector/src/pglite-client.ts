import {
  type ParserOptions,
  PGlite,
  type PGliteInterface,
  type Results,
  type SerializerOptions,
  type Transaction,
  types,
} from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { throwIfAborted } from '@synapse-rag/core';
import type { SqlCapabilities, SqlClient, SqlExecutor, SqlParam, SqlResult } from './sql-client.js';

function toResult<R>(res: Results<R>): SqlResult<R> {
  const rowCount =
    res.command === 'SELECT' || res.affectedRows === undefined ? (res.rowCount ?? res.rows.length) : res.affectedRows;
  return { rows: res.rows, rowCount };
}

async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Blob> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Blob(parts);
}

type Target = PGliteInterface | Transaction;

/**
 * PGlite sends a parameter in binary format when its serializer returns bytes (its types say
 * string; its Bind encoder takes any ArrayBuffer view — pinned version, covered by the PGlite
 * retrieval tests) and looks the serializer up by the parameter's type OID. Binary parameters
 * are only ever pgvector types (query vectors), whose OIDs depend on the database: identity
 * serializers for them.
 */
async function binarySerializers(target: Target): Promise<SerializerOptions> {
  const { rows } = await target.query<{ oid: number }>(
    "SELECT oid::int AS oid FROM pg_type WHERE typname IN ('vector', 'halfvec')",
  );
  return Object.fromEntries(rows.map((r) => [r.oid, (value: Uint8Array) => value as unknown as string]));
}

/**
 * `bytea` results (the store reads vectors as `vector_send(embedding)`) decoded natively from
 * PostgreSQL's hex output. PGlite's own parser decodes byte by byte with `parseInt`, several
 * times slower (docs/benchmarks.md, "Measured figures behind pgvector defaults"); it is kept for any other output format.
 */
const PARSERS: ParserOptions = {
  [types.BYTEA]: (x: string) => (x.startsWith('\\x') ? Buffer.from(x.slice(2), 'hex') : types.parsers[types.BYTEA]?.(x)),
};

async function run<R>(
  target: Target,
  text: string,
  params: readonly SqlParam[] | undefined,
  serializers: (target: Target) => Promise<SerializerOptions>,
): Promise<SqlResult<R>> {
  const values = params ? [...params] : [];
  const binary = values.some((v) => v instanceof Uint8Array);
  const options = binary ? { parsers: PARSERS, serializers: await serializers(target) } : { parsers: PARSERS };
  return toResult(await target.query<R>(text, values, options));
}

async function copyInto(
  target: Target,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<number> {
  // PGlite has no COPY FROM STDIN; it reads a Blob mounted at the virtual path /dev/blob.
  const blob = await collect(chunks);
  const res = await target.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob });
  return res.affectedRows ?? res.rowCount ?? 0;
}

/** Creates a PGlite instance with pgvector loaded: in memory, or persisted in `dataDir`. */
export async function createPglite(dataDir?: string): Promise<PGliteInterface> {
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  return db as unknown as PGliteInterface;
}

/**
 * PGlite adapter (PostgreSQL compiled to WASM, in process). One backend: statements run one at
 * a time and a transaction blocks other statements until it ends (PGlite's own mutex).
 * Owns — and closes — the instance only when it created it.
 */
export class PgliteClient implements SqlClient {
  readonly kind = 'pglite' as const;
  private db: PGliteInterface | undefined;
  private opening: Promise<PGliteInterface> | undefined;

  constructor(
    source: { pglite: PGliteInterface } | { dataDir?: string | undefined },
    private readonly bulkMode: 'auto' | 'copy' | 'insert' = 'auto',
  ) {
    if ('pglite' in source) {
      this.db = source.pglite;
      this.owns = false;
    } else {
      this.dataDir = source.dataDir;
      this.owns = true;
    }
  }

  private readonly owns: boolean;
  private readonly dataDir: string | undefined;

  /** The underlying PGlite instance (opened on first use). */
  async instance(): Promise<PGliteInterface> {
    if (this.db) return this.db;
    this.opening ??= createPglite(this.dataDir).then((db) => {
      this.db = db;
      return db;
    });
    return this.opening;
  }

  async capabilities(): Promise<SqlCapabilities> {
    return { binaryCopy: this.bulkMode !== 'insert', concurrentIndexes: true, parallelSessions: false };
  }

  /** `signal` is only checked before the statement: a running PGlite statement cannot be interrupted (see `SqlClient`). */
  async query<R = Record<string, unknown>>(
    text: string,
    params?: readonly SqlParam[],
    signal?: AbortSignal,
  ): Promise<SqlResult<R>> {
    throwIfAborted(signal);
    return run<R>(await this.instance(), text, params, this.serializers);
  }

  private serializerCache: SerializerOptions | undefined;

  /**
   * Looked up on `target` (inside a transaction PGlite's lock is held: the instance itself would
   * wait forever) and kept once the extension's types exist.
   */
  private readonly serializers = async (target: Target): Promise<SerializerOptions> => {
    if (this.serializerCache) return this.serializerCache;
    const found = await binarySerializers(target);
    if (Object.keys(found).length > 0) this.serializerCache = found;
    return found;
  };

  async copyFromBinary(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number> {
    return copyInto(await this.instance(), table, columns, chunks);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    const db = await this.instance();
    return db.transaction(async (tx) =>
      fn({
        query: <R>(text: string, params?: readonly SqlParam[]) => run<R>(tx, text, params, this.serializers),
        copyFromBinary: (table, columns, chunks) => copyInto(tx, table, columns, chunks),
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.owns) return;
    const db = this.db ?? (this.opening ? await this.opening : undefined);
    if (db && !db.closed) await db.close();
    this.db = undefined;
    this.opening = undefined;
  }
}
