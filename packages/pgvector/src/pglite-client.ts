import { PGlite, type PGliteInterface, type Results, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { SqlCapabilities, SqlClient, SqlExecutor, SqlResult } from './sql-client.js';

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

  async query<R = Record<string, unknown>>(text: string, params?: readonly (string | null)[]): Promise<SqlResult<R>> {
    const db = await this.instance();
    return toResult(await db.query<R>(text, params ? [...params] : []));
  }

  async copyFromBinary(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number> {
    return copyInto(await this.instance(), table, columns, chunks);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const db = await this.instance();
    return db.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params?: readonly (string | null)[]) =>
          toResult(await tx.query<R>(text, params ? [...params] : [])),
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
