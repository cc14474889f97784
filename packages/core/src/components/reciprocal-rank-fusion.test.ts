import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';

const doc = (id: string, extra: Partial<Document> = {}): Document => ({ id, content: id, meta: {}, ...extra });

/** A ranked list drawn from a small id pool (overlaps across lists; repeats inside a list allowed). */
const list = fc
  .array(fc.integer({ min: 0, max: 20 }), { maxLength: 25 })
  .map((ids) => ids.map((i) => doc(`d${i}`, { meta: { i } })));

/** The formula written out directly: first position per list, weights normalized, divided by the best value. */
function reference(lists: Document[][], weights: number[], k: number): Map<string, number> {
  const sum = weights.reduce((a, b) => a + b, 0);
  const best = weights.reduce((a, w) => a + w / sum / (k + 1), 0);
  const out = new Map<string, number>();
  lists.forEach((l, i) => {
    const ids = l.map((d) => d.id);
    for (const id of new Set(ids)) out.set(id, (out.get(id) ?? 0) + weights[i]! / sum / (k + ids.indexOf(id) + 1));
  });
  for (const [id, raw] of out) out.set(id, raw / best);
  return out;
}

describe('reciprocalRankFusion', () => {
  it('computes Σ wᵢ/(k + rankᵢ) / Σ wᵢ/(k + 1), best first, ties by first appearance', () => {
    const got = reciprocalRankFusion(
      [
        [doc('a'), doc('b'), doc('c')],
        [doc('b'), doc('a'), doc('d')],
      ],
      { k: 60 },
    );
    // a and b tie exactly (1/61 + 1/62 each): a appeared first.
    expect(got.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(got[0]?.score).toBeCloseTo((1 / 61 + 1 / 62) / (2 / 61), 15);
    expect(got[0]?.score).toBe(got[1]?.score);
    expect(got[2]?.score).toBeCloseTo(1 / 63 / (2 / 61), 15);
  });

  it('a document ranked first in every list scores exactly 1', () => {
    const got = reciprocalRankFusion([[doc('x'), doc('y')], [doc('x')], [doc('x'), doc('z')]], {
      weights: [0.3, 1.7, 2],
      k: 7,
    });
    expect(got[0]).toMatchObject({ id: 'x', score: 1 });
  });

  it('matches the formula for random lists, weights and k; output sorted and complete', () => {
    fc.assert(
      fc.property(
        fc.array(list, { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        (lists, rawWeights, k) => {
          const weights = rawWeights.slice(0, lists.length);
          fc.pre(weights.reduce((a, b) => a + b, 0) > 0);
          const got = reciprocalRankFusion(lists, { weights, k });
          const expected = reference(lists, weights, k);
          expect(new Set(got.map((d) => d.id))).toEqual(new Set(expected.keys()));
          expect(got).toHaveLength(expected.size);
          for (const d of got) expect(d.score).toBeCloseTo(expected.get(d.id)!, 12);
          for (let i = 1; i < got.length; i++) expect(got[i - 1]!.score!).toBeGreaterThanOrEqual(got[i]!.score!);
          for (const d of got) expect(d.score).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('a zero weight keeps its list for membership and tie order but adds nothing', () => {
    const got = reciprocalRankFusion(
      [
        [doc('a'), doc('b')],
        [doc('c'), doc('a')],
      ],
      { weights: [1, 0] },
    );
    expect(got.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(got[0]?.score).toBe(1);
    expect(got[1]?.score).toBeCloseTo(61 / 62, 15);
    expect(got[2]?.score).toBe(0);
  });

  it('counts a repeated id once per list, at its first position, and returns the first copy seen', () => {
    const got = reciprocalRankFusion([[doc('a', { content: 'first' }), doc('b'), doc('a', { content: 'second' })]]);
    expect(got.map((d) => [d.id, d.content])).toEqual([
      ['a', 'first'],
      ['b', 'b'],
    ]);
    expect(got[0]?.score).toBe(1);
  });

  it('topK keeps the best; sortByScore: false keeps first-appearance order', () => {
    const lists = [
      [doc('a'), doc('b')],
      [doc('c'), doc('b')],
    ];
    expect(reciprocalRankFusion(lists, { topK: 1 }).map((d) => d.id)).toEqual(['b']);
    expect(reciprocalRankFusion(lists, { sortByScore: false }).map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('returns copies and never mutates its inputs', () => {
    const a = doc('a', { score: 0.3, meta: { nested: { x: 1 } }, embedding: [1, 2] });
    const [out] = reciprocalRankFusion([[a], []]); // absent from list 2: half the best value;
    expect(a.score).toBe(0.3);
    expect(out?.score).toBe(0.5);
    (out?.meta.nested as { x: number }).x = 2;
    out?.embedding?.push(3);
    expect(a.meta).toEqual({ nested: { x: 1 } });
    expect(a.embedding).toEqual([1, 2]);
  });

  it('no lists or empty lists give an empty result', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });

  it.each([
    [{ weights: [1] }, /weights has 1 entry but 2 list\(s\)/],
    [{ weights: [1, -1] }, /finite numbers ≥ 0, got -1/],
    [{ weights: [1, Number.NaN] }, /finite numbers ≥ 0, got NaN/],
    [{ weights: [0, 0] }, /positive sum/],
    [{ k: -1 }, /k must be a finite number ≥ 0, got -1/],
    [{ k: Number.POSITIVE_INFINITY }, /k must be a finite number/],
    [{ topK: 0 }, /topK must be a positive integer, got 0/],
    [{ topK: 1.5 }, /topK must be a positive integer/],
  ])('rejects %o with a typed error naming the problem', (options, message) => {
    const call = () => reciprocalRankFusion([[doc('a')], [doc('b')]], options);
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow(message);
  });
});
