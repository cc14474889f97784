/**
 * The error an aborted call rejects with: the signal's reason when it is an Error (an
 * `AbortSignal.timeout()` gives a `TimeoutError`, `controller.abort()` an `AbortError`, a
 * caller's own error stays itself), else an `AbortError` carrying the reason as `cause`.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted.', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/** Throws {@link abortError} when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Settles like `promise`, or rejects as soon as `signal` aborts with `toError(signal)` (by default
 * {@link abortError}). For calls that cannot be cancelled themselves: the underlying work may go
 * on in the background and its outcome is then ignored (never an unhandled rejection).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  toError: (signal: AbortSignal) => unknown = abortError,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(toError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(toError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
