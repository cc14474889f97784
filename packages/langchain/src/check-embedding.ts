import { LangChainInteropError } from './errors.js';

/** Checks that a LangChain embeddings object returned a non-empty array of finite numbers. */
export function checkEmbedding(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new LangChainInteropError(`The LangChain embeddings returned ${what} that is not a non-empty number array.`);
  }
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new LangChainInteropError(`The LangChain embeddings returned ${what} holding a non-finite value (${String(v)}).`);
    }
  }
  return value as number[];
}
