import { describe, expect, it } from 'vitest';
import type { Document } from '../document.js';
import { embedInBatches } from './embed-in-batches.js';

const docs: Document[] = ['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((content) => ({ id: content, content, meta: { k: content } }));
const base = {
  batchSize: 2,
  text: (d: Document) => d.content,
  vector: (v: unknown) => v as number[],
  dimensionMismatch: (first: number, got: number) => new Error(`dims ${first} ${got}`),
  countMismatch: (got: number, expected: number) => new Error(`count ${got} ${expected}`),
};

describe('embedInBatches', () => {
  it('embeds in batches, returns copies with embeddings, counts batches and reports progress', async () => {
    const calls: string[][] = [];
    const progress: number[] = [];
    const out = await embedInBatches(docs, {
      ...base,
      embed: async (texts) => {
        calls.push(texts);
        return texts.map((t) => [t.length, 1]);
      },
      progress: (p) => progress.push(p.done),
    });
    expect(calls).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
    expect(out.batches).toBe(3);
    expect(out.dimension).toBe(2);
    expect(out.documents.map((d) => d.embedding)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    expect(progress).toEqual([2, 4, 5]);
    expect(docs[0]).not.toHaveProperty('embedding');
    expect(out.documents[0]?.meta).not.toBe(docs[0]?.meta);
  });

  it('rejects a changed dimension, a wrong count and stops when aborted', async () => {
    await expect(
      embedInBatches(docs, { ...base, embed: async (texts) => texts.map((t) => (t.length > 2 ? [1, 2, 3] : [1, 2])) }),
    ).rejects.toThrow('dims 2 3');
    await expect(embedInBatches(docs, { ...base, embed: async () => [[1]] })).rejects.toThrow('count 1 2');
    let calls = 0;
    await expect(
      embedInBatches(docs, {
        ...base,
        embed: async (texts) => {
          calls++;
          return texts.map(() => [1]);
        },
        throwIfAborted: () => {
          if (calls >= 1) throw new Error('aborted');
        },
      }),
    ).rejects.toThrow('aborted');
    expect(calls).toBe(1);
    expect(await embedInBatches([], { ...base, embed: async () => [] })).toEqual({
      documents: [],
      batches: 0,
      dimension: undefined,
    });
  });
});
