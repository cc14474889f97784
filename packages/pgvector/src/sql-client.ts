/**
 * The one small interface the store's SQL is written against. Adapters: node-postgres pools
 * (`PgPoolClient`) and PGlite (`PgliteClient`). Parameters are text or NULL cast in the SQL, or
 * bytes in binary format, so both drivers see identical statements.
 */

/**
 * A statement parameter: text (cast in the SQL, e.g. `$2::int`), NULL, or bytes sent in binary
 * format (used for query vectors, read by the server with the type's receive function).
 */
export type SqlParam = string | Uint8Array | null;

/** Rows returned by a statement. */
export interface SqlResult<R = Record<string, unknown>> {
  rows: R[];
  /** Rows affected (INSERT/UPDATE/DELETE/COPY) or returned. */
  rowCount: number;
}

/** Runs statements on one connection (inside a transaction, or auto-commit on a pool). */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<SqlResult<R>>;
  /**
   * Streams a PostgreSQL binary COPY payload (see `binary-copy.ts`) into `table (columns)`.
   * Only available when the client's `capabilities.binaryCopy` is true.
   */
  copyFromBinary(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number>;
}

/** What a connection can do; decided by the adapter (and probed for wire-protocol servers). */
export interface SqlCapabilities {
  /** `COPY … FROM STDIN/blob (FORMAT binary)` works. False for `pglite-server`. */
  binaryCopy: boolean;
  /** `CREATE INDEX CONCURRENTLY` is allowed. */
  concurrentIndexes: boolean;
  /** Independent sessions can run queries in parallel (a pool of real connections). */
  parallelSessions: boolean;
}

/**
 * A connection source. `signal` (on `query` and `transaction`): a server connection cancels the
 * running statement ON THE SERVER when it aborts (`pg_cancel_backend`) and rejects with the abort
 * reason at once. PGlite runs each statement synchronously inside its WASM backend on this
 * thread, so nothing can interrupt a running statement: the signal is checked before it starts
 * and the store checks it again after (the result is then discarded). pglite-server likewise
 * runs one statement at a time and is only checked before.
 */
export interface SqlClient extends SqlExecutor {
  /** `"pg"` for node-postgres (servers, pglite-server) or `"pglite"` for in-process PGlite. */
  readonly kind: 'pg' | 'pglite';
  /** Probes the connection once (capabilities may depend on the server). */
  capabilities(): Promise<SqlCapabilities>;
  query<R = Record<string, unknown>>(text: string, params?: readonly SqlParam[], signal?: AbortSignal): Promise<SqlResult<R>>;
  /** Runs `fn` in BEGIN … COMMIT on one connection; ROLLBACK (and rethrow) if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Releases what this client owns. Caller-owned pools / PGlite instances are left open. */
  close(): Promise<void>;
}
