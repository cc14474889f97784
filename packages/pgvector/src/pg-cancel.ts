import { raceAbort, throwIfAborted } from '@synapse-rag/core';
import pg from 'pg';

/** node-postgres keeps the backend's process id (from BackendKeyData) on each connected client. */
function backendPid(client: pg.PoolClient): number | undefined {
  const pid = (client as unknown as { processID?: number | null }).processID;
  return typeof pid === 'number' ? pid : undefined;
}

/**
 * Cancels the statement running on backend `pid` with `pg_cancel_backend` from a separate, fresh
 * connection (the pool may have no free one). Same role as the store, so no extra privilege is
 * needed. Failures are ignored: the caller has already rejected and destroys the busy connection.
 */
async function cancelBackend(config: pg.ClientConfig, pid: number): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend($1::int)', [pid]);
  } catch {
    // nothing to do: see above
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `fn` on one pooled connection that an abort of `signal` cancels ON THE SERVER: the running
 * statement is cancelled with `pg_cancel_backend(pid)` (PostgreSQL stops it; its transaction, if
 * any, is rolled back by the caller's error path), and the call rejects at once with the abort
 * reason. A connection on which a cancel was sent is destroyed rather than returned to the pool,
 * so a late cancel can never hit another statement; `fn` calls `markBroken` for a connection that
 * must not be reused either (e.g. a failed ROLLBACK).
 */
export async function withCancellableClient<T>(
  pool: pg.Pool,
  signal: AbortSignal | undefined,
  fn: (client: pg.PoolClient, markBroken: (error: Error) => void) => Promise<T>,
): Promise<T> {
  throwIfAborted(signal);
  // an abort while waiting for a free connection rejects at once; the connection, once it comes, goes back
  const connecting = pool.connect();
  const client = await raceAbort(connecting, signal).catch((err: unknown) => {
    connecting.then(
      (c) => c.release(),
      () => {},
    );
    throw err;
  });
  let cancelSent = false;
  let broken: Error | undefined;
  const onAbort = () => {
    const pid = backendPid(client);
    if (pid === undefined) return;
    cancelSent = true;
    void cancelBackend(pool.options, pid);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  // A connection lost while the client is checked out (backend terminated, server stopped) is
  // emitted as 'error' on the client; without a listener that would crash the process. The
  // running query rejects on its own; the client is released as broken.
  const onClientError = (error: Error) => {
    broken = error;
  };
  client.on('error', onClientError);
  const work = (async () => {
    try {
      throwIfAborted(signal);
      return await fn(client, (error) => {
        broken = error;
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      client.off('error', onClientError);
      client.release(cancelSent ? new Error('statement cancelled by an AbortSignal') : broken);
    }
  })();
  return raceAbort(work, signal);
}
