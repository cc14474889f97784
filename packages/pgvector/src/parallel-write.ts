import type { Document, ResolvedDuplicatePolicy } from '@synapse-rag/core';
import { StoreUnavailableError } from '@synapse-rag/core';
import { PgPoolClient } from './pg-pool-client.js';
import type { SqlClient } from './sql-client.js';
import type { TableLayout } from './table-layout.js';
import { type WriteSettings, writeRows } from './write-rows.js';

/** The outcome of one stream's transaction. */
type StreamResult = PromiseSettledResult<number>;

/** How many streams a client can run at once: the pool's size for a node-postgres pool, one otherwise. */
export function maxStreams(client: SqlClient): number {
  return client instanceof PgPoolClient ? (client.pool.options.max ?? 10) : 1;
}

/** `rows` cut into `parts` contiguous slices of (nearly) equal length, none empty. */
export function splitEvenly<T>(rows: readonly T[], parts: number): T[][] {
  const n = Math.max(1, Math.min(parts, rows.length));
  const size = Math.ceil(rows.length / n);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes de-duplicated, validated `rows` over `streams` connections at once, one transaction per
 * stream, with a commit barrier: every stream writes its slice (binary COPY, or the staging merge
 * of `skip` / `overwrite`) and then waits until all the others have written theirs. If any stream
 * fails while writing (a rejected row, a duplicate id, a lost connection), every stream rolls back
 * and the table is unchanged. Only when all have written do the streams send their COMMITs,
 * together.
 *
 * Those are still N separate commits, so this is weaker than one transaction in two ways: readers
 * can see one stream's rows a moment before another's, and a failure DURING the commits (the
 * server or the connection lost between them) leaves the streams that had committed in place. That
 * case throws `StoreUnavailableError` with `details.committedStreams` / `details.failedStreams`
 * (and the documents each held); rerunning the whole batch with policy `skip` or `overwrite`
 * completes it.
 *
 * Connections and locks: the streams hold one pooled connection each, and their row locks, until
 * the barrier, where they wait for each other in this process — a wait PostgreSQL's deadlock
 * detector cannot see (another writer of the same ids blocked on one stream's row while holding a
 * row, or the pool's last connection, that another stream needs). So a stream that has written
 * waits at most `barrierTimeoutMs` for the others; then every stream rolls back and the call
 * fails with `StoreUnavailableError` (nothing written; rerun it). The caller must not run more
 * concurrent parallel writes on one pool than it has connections (the store serializes its own).
 */
export async function writeRowsParallel(
  client: SqlClient,
  layout: TableLayout,
  rows: readonly Document[],
  policy: ResolvedDuplicatePolicy,
  settings: WriteSettings,
  streams: number,
  barrierTimeoutMs = 60_000,
): Promise<number> {
  const parts = splitEvenly(rows, streams);
  // resolved when a stream has written its slice, rejected when it failed before that
  const written = parts.map(() => deferred());
  const allWritten = Promise.all(written.map((d) => d.promise));
  allWritten.catch(() => {}); // observed by every stream below
  // the barrier: all slices written, or a rejection once the first stream to finish has waited too long
  const timedOut = deferred();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const barrier = Promise.race([allWritten, timedOut.promise]);
  barrier.catch(() => {});
  const arrive = () => {
    timer ??= setTimeout(() => {
      const message = `Parallel write: the other streams had not written their slices ${barrierTimeoutMs} ms after the first had (a row lock or a pooled connection held elsewhere, e.g. another writer of the same ids); every stream rolled back, nothing was written.`;
      timedOut.reject(new StoreUnavailableError(message, { details: { barrierTimeoutMs } }));
    }, barrierTimeoutMs);
  };
  const results: StreamResult[] = await Promise.allSettled(
    parts.map(async (part, i) => {
      const mark = written[i] as Deferred;
      try {
        return await client.transaction(async (tx) => {
          const n = await writeRows(tx, layout, part, policy, settings);
          mark.resolve();
          arrive();
          await barrier; // another stream failed, or the wait timed out → throw → this stream rolls back too
          return n;
        });
      } catch (err) {
        mark.reject(err); // no-op once resolved; else (e.g. no connection) releases the others
        throw err;
      }
    }),
  );
  clearTimeout(timer);
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
  if (failed.length === 0) return results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value : 0), 0);
  const committed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  // the first write error (a stream that failed on its own, not one rolled back because of it)
  const cause = await allWritten.then(
    () => (results[failed[0] as number] as PromiseRejectedResult).reason,
    (err: unknown) => err,
  );
  if (committed.length === 0) throw cause;
  const docs = (is: number[]) => is.map((i) => (parts[i] as Document[]).length);
  throw new StoreUnavailableError(
    `Parallel write partly committed: stream(s) ${committed.join(', ')} committed ${docs(committed).reduce((a, b) => a + b, 0)} documents, stream(s) ${failed.join(', ')} failed while committing (${(cause as Error)?.message ?? String(cause)}). Rerun the whole batch with policy "skip" or "overwrite" to complete it.`,
    {
      cause,
      details: {
        committedStreams: committed,
        committedDocuments: docs(committed),
        failedStreams: failed,
        failedDocuments: docs(failed),
      },
    },
  );
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
