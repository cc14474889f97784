import { PipelineAbortedError } from '@synapse-rag/core';

/**
 * Settles like `promise`, or rejects with `PipelineAbortedError` as soon as `signal` aborts.
 * LangChain's `Embeddings` and `BaseRetriever` take no signal, so the underlying call may
 * keep running in the background; its result is then ignored.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new PipelineAbortedError(signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(new PipelineAbortedError(signal.reason));
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
