import { PipelineAbortedError, raceAbort as raceCoreAbort } from '@synapse-rag/core';

/**
 * Settles like `promise`, or rejects with `PipelineAbortedError` as soon as `signal` aborts.
 * LangChain's `Embeddings` and `BaseRetriever` take no signal, so the underlying call may
 * keep running in the background; its result is then ignored.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return raceCoreAbort(promise, signal, (s) => new PipelineAbortedError(s.reason));
}
