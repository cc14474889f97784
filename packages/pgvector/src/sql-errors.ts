import { abortError, DuplicateDocumentError, StoreUnavailableError, SynapseError, throwIfAborted } from '@synapse-rag/core';

interface DriverError {
  code?: string;
  detail?: string;
  message?: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/**
 * Maps driver errors to Synapse's typed errors: unique violations on the id → DuplicateDocumentError
 * (a concurrent writer won the race), everything else → StoreUnavailableError keeping the driver
 * error as `cause` and its SQLSTATE in `details.sqlState`. Synapse errors pass through.
 */
export function toStoreError(err: unknown, what: string): Error {
  if (err instanceof SynapseError) return err;
  const e = (err ?? {}) as DriverError;
  if (e.code === '23505') {
    const id = /Key \(id\)=\((.*)\) already exists/s.exec(e.detail ?? '')?.[1];
    if (id !== undefined) return new DuplicateDocumentError([id], 'the table');
  }
  const message = e.message ?? String(err);
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) {
    return new StoreUnavailableError(
      `Cannot reach PostgreSQL while ${what}: ${message}. Check the connection string and that the server runs.`,
      {
        cause: err,
        details: { code: e.code },
      },
    );
  }
  const sqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  return new StoreUnavailableError(`PostgreSQL failed while ${what}: ${message}`, {
    cause: err,
    details: sqlState ? { sqlState } : {},
  });
}

/**
 * Runs a statement's promise: a driver error becomes a store error ({@link toStoreError}); once
 * `signal` is aborted — during the statement or just after it — the call rejects with its reason.
 */
export async function settleStatement<R>(what: string, signal: AbortSignal | undefined, fn: () => Promise<R>): Promise<R> {
  let result: R;
  try {
    result = await fn();
  } catch (err) {
    if (signal?.aborted) throw abortError(signal);
    throw toStoreError(err, what);
  }
  throwIfAborted(signal);
  return result;
}
