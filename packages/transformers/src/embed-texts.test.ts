import { describe, expect, it } from 'vitest';
import { normalizeInPlace, poolTokens } from './embed-texts.js';
import { SHIPPED_MODELS } from './shipped-models.js';
import { TransformersTextEmbedder } from './transformers-text-embedder.js';

// hidden[b][s] = [b*10 + s, -(b*10 + s)], batch 2 × seq 3 × dim 2
const hidden = { dims: [2, 3, 2], data: Float32Array.from([0, -0, 1, -1, 2, -2, 10, -10, 11, -11, 12, -12]) };

describe('poolTokens', () => {
  it('mean-pools only the masked-in tokens', () => {
    const mask = { dims: [2, 3], data: BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]) };
    expect(poolTokens(hidden, mask, 'mean')).toEqual([
      [0.5, -0.5],
      [11, -11],
    ]);
  });

  it('gives zeros for a row without tokens and takes the first token for cls', () => {
    const mask = { dims: [2, 3], data: BigInt64Array.from([0n, 0n, 0n, 1n, 0n, 0n]) };
    expect(poolTokens(hidden, mask, 'mean')).toEqual([
      [0, 0],
      [10, -10],
    ]);
    expect(poolTokens(hidden, mask, 'cls')).toEqual([
      [0, -0],
      [10, -10],
    ]);
  });
});

describe('normalizeInPlace', () => {
  it('scales to unit length and leaves zero vectors alone', () => {
    expect(normalizeInPlace([3, 4])).toEqual([0.6, 0.8]);
    expect(normalizeInPlace([0, 0])).toEqual([0, 0]);
  });
});

describe('pooling modes on a real model', () => {
  it('cls differs from mean; none is refused for token-level outputs', async () => {
    const mean = await new TransformersTextEmbedder({ model: SHIPPED_MODELS.tinyEmbedder }).run({ text: 'the old city' });
    const cls = await new TransformersTextEmbedder({ model: SHIPPED_MODELS.tinyEmbedder, pooling: 'cls' }).run({
      text: 'the old city',
    });
    expect(cls.embedding).toHaveLength(32);
    expect(cls.embedding).not.toEqual(mean.embedding);
    await expect(
      new TransformersTextEmbedder({ model: SHIPPED_MODELS.tinyEmbedder, pooling: 'none' }).run({ text: 'x' }),
    ).rejects.toThrow(/pooling "none" needs a model output of shape \[batch, dimension\], got \[1, 3, 32\]/);
  });
});
