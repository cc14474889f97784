import { fnv1a, seededRandom } from '@synapse-rag/core';
/** Lower-cased word tokens (letters and digits). */
export function fakeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The deterministic embedding the fake Ollama server returns: the sum of one pseudo-random
 * unit-scale vector per word token (seeded by the token's hash), L2-normalized. Texts that
 * share words therefore have a higher cosine similarity — enough for retrieval tests to be
 * meaningful — and equal texts always give equal vectors. A text without words hashes whole.
 */
export function fakeEmbedding(text: string, dimension: number): number[] {
  const out = new Array<number>(dimension).fill(0);
  const tokens = fakeTokens(text);
  for (const token of tokens.length > 0 ? tokens : [`\u0000${text}`]) {
    const rand = seededRandom(fnv1a(token));
    for (let i = 0; i < dimension; i++) out[i] = (out[i] as number) + (rand() * 2 - 1);
  }
  const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
  return out.map((v) => v / norm);
}

/** The pieces the fake server streams for a prompt: `"echo: "` then the prompt's words. */
export function fakeCompletionPieces(prompt: string, numPredict?: number): string[] {
  const words = prompt
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const pieces = ['echo:', ...words].map((w, i, all) => (i < all.length - 1 ? `${w} ` : w));
  return numPredict !== undefined && numPredict >= 0 ? pieces.slice(0, numPredict) : pieces;
}

/** What the fake server counts as prompt tokens: whitespace-separated words. */
export function fakePromptTokenCount(...texts: Array<string | undefined>): number {
  return texts.reduce(
    (n, t) =>
      n +
      (t
        ? t
            .trim()
            .split(/\s+/)
            .filter((w) => w !== '').length
        : 0),
    0,
  );
}
