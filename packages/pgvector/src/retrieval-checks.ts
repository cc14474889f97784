import { checkTopK, InvalidOptionsError } from '@synapse-rag/core';
import type { HybridRetrievalOptions } from './pgvector-retrieval-options.js';

/** Rejects a keyword query that is not a string or holds a NUL character (PostgreSQL rejects those in text). */
export function checkQueryText(query: unknown, owner: string): asserts query is string {
  if (typeof query !== 'string') throw new InvalidOptionsError(owner, 'query must be a string.');
  if (query.includes('\u0000')) throw new InvalidOptionsError(owner, 'query contains a NUL character.');
}

/** The fusion parameters of a hybrid retrieval, checked, with their defaults (`candidateK` = max(topK, 20), `rrfK` 60, weights 1:1). */
export function hybridParameters(
  opts: HybridRetrievalOptions,
  owner: string,
): { candidateK: number; k: number; weights: readonly [number, number] } {
  checkTopK(opts.topK, owner);
  const candidateK = checkTopK(opts.candidateK ?? Math.max(opts.topK, 20), owner, { name: 'candidateK' });
  const k = opts.rrfK ?? 60;
  if (!Number.isFinite(k) || k < 0) throw new InvalidOptionsError(owner, `rrfK must be ≥ 0, got ${k}.`);
  const weights = opts.weights ?? [1, 1];
  if (!weights.every((w) => Number.isFinite(w) && w >= 0) || weights[0] + weights[1] <= 0) {
    throw new InvalidOptionsError(owner, 'weights must be two non-negative numbers with a positive sum.');
  }
  checkQueryText(opts.query, owner);
  return { candidateK, k, weights };
}
