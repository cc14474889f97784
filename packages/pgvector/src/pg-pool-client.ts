import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { raceAbort } from '@synapse-rag/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { withCancellableClient } from './pg-cancel.js';
import type { SqlCapabilities, SqlClient, SqlExecutor, SqlParam, SqlResult } from './sql-client.js';

type Queryable = pg.Pool | pg.PoolClient;

/** node-postgres sends `Buffer` parameters in binary format (and everything else as text). */
const toDriverParam = (p: SqlParam): string | Buffer | null =>
  p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p;

async function run<R>(target: Queryable, text: string, params?: readonly SqlParam[]): Promise<SqlResult<R>> {
  const res = await target.query(text, params?.map(toDriverParam));
  // Multi-statement text returns an array of results; the store never sends those with params.
  const last = Array.isArray(res) ? (res[res.length - 1] as pg.QueryResult) : res;
  return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
}

async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return Number(stream.rowCount ?? 0);
}

/**
 * node-postgres adapter. Owns its pool when built from a connection string; a caller's pool
 * is used as is and never ended (`close()` leaves it open and usable).
 *
 * Vectors travel as text (`'[1,2,3]'::vector`) and come back as text parsed by the store, so no
 * per-connection type registration (pgvector's `registerTypes`) is needed — that would race
 * with the first query on every new pooled connection.
 */
export class PgPoolClient implements SqlClient {
  readonly kind = 'pg' as const;
  private caps: Promise<SqlCapabilities> | undefined;

  constructor(
    readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    private readonly bulkMode: 'auto' | 'copy' | 'insert' = 'auto',
  ) {}

  static fromConnectionString(connectionString: string, poolOptions: pg.PoolConfig = {}, bulkMode?: 'auto' | 'copy' | 'insert') {
    const pool = new pg.Pool({ max: 10, ...poolOptions, connectionString });
    // The server dropping an idle pooled connection (a restart, a failover, an admin command) is
    // an `error` event on the pool; pg discards that client and the next query connects anew.
    // Unhandled, the event would crash the whole process (e.g. `synapse serve` while PostgreSQL restarts).
    pool.on('error', () => {});
    return new PgPoolClient(pool, true, bulkMode);
  }

  capabilities(): Promise<SqlCapabilities> {
    this.caps ??= (async () => {
      const { rows } = await run<{ version: string }>(this.pool, 'SELECT version() AS version');
      const version = rows[0]?.version ?? '';
      // pglite-server speaks the wire protocol but runs one WASM backend: no COPY FROM STDIN
      // ("protocol synchronization was lost") and one query at a time.
      const wasm = /emscripten|wasm/i.test(version);
      const binaryCopy = this.bulkMode === 'copy' ? true : this.bulkMode === 'insert' ? false : !wasm;
      return { binaryCopy, concurrentIndexes: true, parallelSessions: !wasm };
    })();
    this.caps.catch(() => {
      this.caps = undefined;
    });
    return this.caps;
  }

  /**
   * Runs one statement. With a `signal` it runs on its own connection and an abort cancels it on
   * the server (see `withCancellableClient`); pglite-server (one WASM backend, no parallel
   * session to cancel from) only checks the signal before and after.
   */
  async query<R = Record<string, unknown>>(
    text: string,
    params?: readonly SqlParam[],
    signal?: AbortSignal,
  ): Promise<SqlResult<R>> {
    if (signal === undefined || !(await raceAbort(this.capabilities(), signal)).parallelSessions) {
      signal?.throwIfAborted();
      return run<R>(this.pool, text, params);
    }
    return withCancellableClient(this.pool, signal, async (client, markBroken) => {
      try {
        return await run<R>(client, text, params);
      } catch (err) {
        markBroken(err as Error); // as pool.query does: a failed statement's connection is not reused
        throw err;
      }
    });
  }

  async copyFromBinary(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // see withCancellableClient: a lost connection is an 'error' event on the checked-out client
    const onClientError = (error: Error) => {
      broken = error;
    };
    client.on('error', onClientError);
    try {
      return await copyInto(client, table, columns, chunks);
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const cancellable = signal !== undefined && (await raceAbort(this.capabilities(), signal)).parallelSessions;
    return withCancellableClient(this.pool, cancellable ? signal : undefined, async (client, markBroken) => {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: <R>(text: string, params?: readonly SqlParam[]) => run<R>(client, text, params),
        copyFromBinary: (table, columns, chunks) => copyInto(client, table, columns, chunks),
      };
      try {
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          markBroken(rollbackErr as Error); // connection is unusable: destroy instead of returning it
        }
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}
