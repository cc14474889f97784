import { type Document, DocumentJoiner } from '@synapse-rag/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './rank-fusion.js';

/** A ranked list of distinct ids drawn from a small pool, so the two lists overlap often. */
const list = fc
  .uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 25 })
  .map((ids) => ids.map((i): Document => ({ id: `d${i}`, content: `text ${i}`, meta: { i } })));

describe('reciprocalRankFusion', () => {
  it('matches DocumentJoiner (reciprocal_rank_fusion) for positive weights: ids, order and scores', async () => {
    await fc.assert(
      fc.asyncProperty(
        list,
        list,
        fc.tuple(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true })),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 60 }),
        async (a, b, weights, k, topK) => {
          const joiner = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights, rrfK: k, topK });
          const expected = (await joiner.run({ documents: [a, b] })).documents;
          const got = reciprocalRankFusion([a, b], weights, k, topK);
          expect(got.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          expect(got.map((d) => d.score)).toEqual(expected.map((d) => d.score));
          expect(got.map((d) => d.content)).toEqual(expected.map((d) => d.content));
        },
      ),
    );
  });

  it('a zero weight keeps its list for tie order and membership but adds nothing to the score', () => {
    const doc = (id: string): Document => ({ id, content: id, meta: {} });
    const got = reciprocalRankFusion(
      [
        [doc('a'), doc('b')],
        [doc('c'), doc('a')],
      ],
      [1, 0],
      60,
      10,
    );
    expect(got.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(got[0]?.score).toBe(1);
    expect(got[1]?.score).toBeCloseTo(61 / 62, 15);
    expect(got[2]?.score).toBe(0);
  });

  it('does not mutate its inputs', () => {
    const a: Document = { id: 'a', content: 'a', meta: {}, score: 0.3 };
    reciprocalRankFusion([[a], []], [1, 1], 60, 1);
    expect(a.score).toBe(0.3);
  });
});
