import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { DocumentJoiner, dbsfNormalizer, type JoinMode } from './document-joiner.js';

const doc = (id: string, score?: number, content = `content of ${id}`): Document =>
  score === undefined ? { id, content, meta: { src: id } } : { id, content, meta: { src: id }, score };

const ids = (docs: Document[]) => docs.map((d) => d.id);
const scores = (docs: Document[]) => Object.fromEntries(docs.map((d) => [d.id, d.score]));

describe('DocumentJoiner: concatenate', () => {
  it('dedupes by id keeping the best-scored copy and sorts by score', async () => {
    const j = new DocumentJoiner();
    const a = [doc('x', 0.2, 'x from A'), doc('y', 0.9)];
    const b = [doc('x', 0.7, 'x from B'), doc('z', 0.5)];
    const { documents } = await j.run({ documents: [a, b] });
    expect(ids(documents)).toEqual(['y', 'x', 'z']);
    expect(documents.find((d) => d.id === 'x')).toMatchObject({ score: 0.7, content: 'x from B' });
  });

  it('ranks unscored documents below scored ones and keeps a scored copy over an unscored one', async () => {
    const j = new DocumentJoiner();
    const { documents } = await j.run({
      documents: [
        [doc('u1'), doc('s', 0.1)],
        [doc('u1', 0.05), doc('u2'), doc('s', -3)],
      ],
    });
    expect(ids(documents)).toEqual(['s', 'u1', 'u2']);
    expect(scores(documents)).toEqual({ s: 0.1, u1: 0.05, u2: undefined });
  });

  it('keeps the first copy seen on equal scores and breaks ties by first appearance', async () => {
    const j = new DocumentJoiner();
    const { documents } = await j.run({
      documents: [
        [doc('b', 0.5, 'b first'), doc('a', 0.5)],
        [doc('b', 0.5, 'b second'), doc('c', 0.5)],
      ],
    });
    expect(ids(documents)).toEqual(['b', 'a', 'c']);
    expect(documents[0]!.content).toBe('b first');
  });

  it('keeps first-appearance order when sortByScore is false, and applies topK (option and run input)', async () => {
    const j = new DocumentJoiner({ sortByScore: false, topK: 2 });
    const lists = [
      [doc('a', 0.1), doc('b', 0.2)],
      [doc('c', 0.9), doc('a', 0.3)],
    ];
    expect(ids((await j.run({ documents: lists })).documents)).toEqual(['a', 'b']);
    expect(ids((await j.run({ documents: lists, topK: 3 })).documents)).toEqual(['a', 'b', 'c']);
  });

  it('returns copies and never mutates its inputs', async () => {
    const input = [doc('a', 0.4), doc('b', 0.6)];
    input[0]!.embedding = [1, 2];
    const snapshot = structuredClone(input);
    for (const joinMode of ['concatenate', 'merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion'] as const) {
      const out = (await new DocumentJoiner({ joinMode }).run({ documents: [input, [doc('a', 0.1)]] })).documents;
      const a = out.find((d) => d.id === 'a')!;
      expect(a).not.toBe(input[0]);
      a.meta['src'] = 'changed';
      a.embedding!.push(3);
    }
    expect(input).toEqual(snapshot);
  });

  it('handles no lists and empty lists', async () => {
    const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [1, 2] });
    expect((await j.run({ documents: [] })).documents).toEqual([]);
    expect((await j.run({ documents: [[], []] })).documents).toEqual([]);
  });
});

describe('DocumentJoiner: merge', () => {
  it('sums scores with normalized weights; missing from a list counts as 0', async () => {
    const j = new DocumentJoiner({ joinMode: 'merge', weights: [3, 1] });
    const { documents } = await j.run({
      documents: [
        [doc('a', 1), doc('b', 0.5)],
        [doc('b', 1), doc('c', 0.8), doc('u')],
      ],
    });
    const s = scores(documents);
    expect(s['a']).toBeCloseTo(0.75, 12);
    expect(s['b']).toBeCloseTo(0.75 * 0.5 + 0.25 * 1, 12);
    expect(s['c']).toBeCloseTo(0.2, 12);
    expect(s['u']).toBe(0);
    expect(ids(documents)).toEqual(['a', 'b', 'c', 'u']);
  });

  it('uses equal weights by default and keeps the first copy seen', async () => {
    const j = new DocumentJoiner({ joinMode: 'merge' });
    const { documents } = await j.run({ documents: [[doc('a', 0.2, 'first')], [doc('a', 0.6, 'second')]] });
    expect(documents).toHaveLength(1);
    expect(documents[0]!.score).toBeCloseTo(0.4, 12);
    expect(documents[0]!.content).toBe('first');
  });

  it('counts an id repeated inside one list once, with its best score', async () => {
    const j = new DocumentJoiner({ joinMode: 'merge' });
    const { documents } = await j.run({ documents: [[doc('a', 0.2), doc('a', 0.8)], [doc('a', 0.4)]] });
    expect(documents[0]!.score).toBeCloseTo(0.6, 12);
  });
});

describe('DocumentJoiner: reciprocal_rank_fusion', () => {
  it('computes Σ w/(k+rank) normalized by the best possible score (k = 60 by default)', async () => {
    const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' });
    expect(j.options.rrfK).toBe(60);
    const { documents } = await j.run({
      documents: [
        [doc('a', 0.1), doc('b', 99)],
        [doc('b', 5), doc('c', 4)],
      ],
    });
    const best = 0.5 / 61 + 0.5 / 61;
    const s = scores(documents);
    expect(s['a']).toBeCloseTo(0.5 / 61 / best, 12);
    expect(s['b']).toBeCloseTo((0.5 / 62 + 0.5 / 61) / best, 12);
    expect(s['c']).toBeCloseTo(0.5 / 62 / best, 12);
    expect(ids(documents)).toEqual(['b', 'a', 'c']);
  });

  it('honors rrfK and weights', async () => {
    const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', rrfK: 1, weights: [1, 3] });
    const { documents } = await j.run({
      documents: [
        [doc('a'), doc('b')],
        [doc('b'), doc('a')],
      ],
    });
    const best = 0.25 / 2 + 0.75 / 2;
    expect(scores(documents)).toEqual({ b: (0.25 / 3 + 0.75 / 2) / best, a: (0.25 / 2 + 0.75 / 3) / best });
    expect(ids(documents)).toEqual(['b', 'a']);
  });

  it('gives exactly 1.0 to a document ranked first in every list', async () => {
    const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [0.3, 0.1, 0.7] });
    const { documents } = await j.run({
      documents: [[doc('top'), doc('x')], [doc('top')], [doc('top'), doc('y'), doc('x')]],
    });
    expect(documents[0]).toMatchObject({ id: 'top', score: 1 });
  });
});

describe('DocumentJoiner: distribution_based_rank_fusion', () => {
  it('normalizes each list with μ ± 3σ then sums with weights', async () => {
    const j = new DocumentJoiner({ joinMode: 'distribution_based_rank_fusion' });
    // List A: scores 1, 2, 3 → μ 2, σ √(2/3); list B: BM25-like scale.
    const a = [doc('a', 3), doc('b', 2), doc('c', 1)];
    const b = [doc('c', 30), doc('d', 10)];
    const { documents } = await j.run({ documents: [a, b] });
    const sA = Math.sqrt(2 / 3);
    const nA = (s: number) => (s - (2 - 3 * sA)) / (6 * sA);
    const nB = (s: number) => (s - (20 - 30)) / 60; // μ 20, σ 10
    const s = scores(documents);
    expect(s['a']).toBeCloseTo(0.5 * nA(3), 12);
    expect(s['b']).toBeCloseTo(0.5 * nA(2), 12);
    expect(s['c']).toBeCloseTo(0.5 * nA(1) + 0.5 * nB(30), 12);
    expect(s['d']).toBeCloseTo(0.5 * nB(10), 12);
    expect(ids(documents)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('maps a list with σ = 0 (single document, equal scores) to 0.5 without NaN', async () => {
    const j = new DocumentJoiner({ joinMode: 'distribution_based_rank_fusion' });
    const { documents } = await j.run({ documents: [[doc('a', 0.3)], [doc('b', 0.1), doc('c', 0.1), doc('d', 0.1)]] });
    for (const d of documents) expect(d.score).toBe(0.25);
  });

  it('leaves unscored documents out of μ/σ and scores them 0', async () => {
    expect(dbsfNormalizer([])(5)).toBe(0);
    const j = new DocumentJoiner({ joinMode: 'distribution_based_rank_fusion', weights: [1] });
    const { documents } = await j.run({ documents: [[doc('a', 1), doc('u'), doc('b', 3)]] });
    expect(scores(documents)['u']).toBe(0);
    expect(scores(documents)['a']).toBeCloseTo((1 - (2 - 3)) / 6, 12);
  });

  it('clamps outliers beyond 3σ to [0, 1]', () => {
    const values = [...new Array<number>(20).fill(0), 100];
    const f = dbsfNormalizer(values);
    expect(f(100)).toBe(1);
    expect(f(-1e9)).toBe(0);
  });
});

describe('DocumentJoiner: errors and serialization', () => {
  it('rejects a weights length that differs from the number of lists, naming both', async () => {
    const j = new DocumentJoiner({ joinMode: 'merge', weights: [1, 2, 3] });
    const run = j.run({ documents: [[doc('a', 1)], [doc('b', 1)]] });
    await expect(run).rejects.toThrow(InvalidOptionsError);
    await expect(run).rejects.toThrow(/weights has 3 entries but 2 document list\(s\) were received/);
  });

  it('rejects bad options with InvalidOptionsError', () => {
    expect(() => new DocumentJoiner({ joinMode: 'sum' as JoinMode })).toThrow(InvalidOptionsError);
    expect(() => new DocumentJoiner({ joinMode: 'sum' as JoinMode })).toThrow(/joinMode/);
    expect(() => new DocumentJoiner({ joinMode: 'merge', weights: [1, 0] })).toThrow(/weights\.1/);
    expect(() => new DocumentJoiner({ joinMode: 'merge', weights: [] })).toThrow(/weights/);
    expect(() => new DocumentJoiner({ topK: 0 })).toThrow(/topK/);
    expect(() => new DocumentJoiner({ rrfK: -1 })).toThrow(/rrfK/);
    expect(() => new DocumentJoiner({ weights: [1, 1] })).toThrow(/weights are not used by joinMode "concatenate"/);
    expect(() => new DocumentJoiner({ topk: 3 } as never)).toThrow(/topk/);
  });

  it('rejects malformed run inputs', async () => {
    const j = new DocumentJoiner();
    await expect(j.run({ documents: [doc('a')] as never })).rejects.toThrow(/array of document lists/);
    await expect(j.run({ documents: [[doc('a')]], topK: 0 })).rejects.toThrow(/topK must be a positive integer, got 0/);
  });

  it('round-trips through the registry', async () => {
    const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [2, 1], rrfK: 10, topK: 3, sortByScore: false });
    const json = j.toJSON();
    expect(json).toEqual({
      type: 'core.DocumentJoiner',
      options: { joinMode: 'reciprocal_rank_fusion', weights: [2, 1], rrfK: 10, topK: 3, sortByScore: false },
    });
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(DocumentJoiner);
    expect(copy.toJSON()).toEqual(json);
    const lists = [
      [doc('a'), doc('b'), doc('c')],
      [doc('c'), doc('d')],
    ];
    expect(await copy.run({ documents: lists }, undefined as never)).toEqual(await j.run({ documents: lists }));
  });

  it('declares a variadic documents input', () => {
    const j = new DocumentJoiner();
    expect(j.inputSockets.documents.variadic).toBe(true);
    expect(j.inputSockets.topK.optional).toBe(true);
    expect(Object.keys(j.outputSockets)).toEqual(['documents']);
  });
});

// ---- properties ---------------------------------------------------------------------------

const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const scoredDocArb = fc.record({
  id: idArb,
  score: fc.option(fc.double({ min: -10, max: 10, noNaN: true }), { nil: undefined }),
});
const listsArb = fc.array(fc.array(scoredDocArb, { maxLength: 8 }), { minLength: 1, maxLength: 4 });
const toDocs = (lists: { id: string; score: number | undefined }[][]) =>
  lists.map((l, i) => l.map((d, j) => doc(d.id, d.score, `${d.id} ${i} ${j}`)));
const modeArb = fc.constantFrom<JoinMode>('concatenate', 'merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion');

describe('DocumentJoiner properties', () => {
  it('outputs unique ids, exactly the union of input ids, sorted by score', async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, modeArb, async (raw, joinMode) => {
        const lists = toDocs(raw);
        const out = (await new DocumentJoiner({ joinMode }).run({ documents: lists })).documents;
        const outIds = ids(out);
        expect(new Set(outIds).size).toBe(outIds.length);
        expect(new Set(outIds)).toEqual(new Set(lists.flat().map((d) => d.id)));
        const sc = out.map((d) => d.score ?? Number.NEGATIVE_INFINITY);
        for (let i = 1; i < sc.length; i++) expect(sc[i - 1]!).toBeGreaterThanOrEqual(sc[i]!);
      }),
    );
  });

  it('concatenate keeps the maximum score of every id', async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, async (raw) => {
        const lists = toDocs(raw);
        const out = (await new DocumentJoiner().run({ documents: lists })).documents;
        for (const d of out) {
          const copies = lists.flat().filter((x) => x.id === d.id && x.score !== undefined);
          const max = copies.length === 0 ? undefined : Math.max(...copies.map((x) => x.score!));
          // Equal scores (-0 and 0 included) keep the first copy: compare numerically.
          expect(d.score === undefined ? undefined : d.score + 0).toBe(max === undefined ? undefined : max + 0);
        }
      }),
    );
  });

  it('RRF scores lie in (0, 1]; a document first in every list scores exactly 1', async () => {
    const weightsArb = fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(listsArb, weightsArb, fc.integer({ min: 0, max: 200 }), async (raw, w, rrfK) => {
        const weights = raw.map((_, i) => w[i % w.length]!);
        const j = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights, rrfK });
        const lists = toDocs(raw);
        for (const d of (await j.run({ documents: lists })).documents) {
          expect(d.score!).toBeGreaterThan(0);
          expect(d.score!).toBeLessThanOrEqual(1);
        }
        const withTop = lists.map((l) => [doc('TOP'), ...l.filter((d) => d.id !== 'TOP')]);
        const top = (await j.run({ documents: withTop })).documents[0]!;
        expect(top).toMatchObject({ id: 'TOP', score: 1 });
      }),
    );
  });

  it('merge and DBSF never produce NaN and DBSF stays within [0, 1]', async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, async (raw) => {
        const lists = toDocs(raw);
        for (const joinMode of ['merge', 'distribution_based_rank_fusion'] as const) {
          for (const d of (await new DocumentJoiner({ joinMode }).run({ documents: lists })).documents) {
            expect(Number.isFinite(d.score)).toBe(true);
            if (joinMode === 'distribution_based_rank_fusion') {
              expect(d.score!).toBeGreaterThanOrEqual(0);
              expect(d.score!).toBeLessThanOrEqual(1 + 1e-12);
            }
          }
        }
      }),
    );
  });

  it('is deterministic and independent of input object identity', async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, modeArb, async (raw, joinMode) => {
        const j = new DocumentJoiner({ joinMode });
        const first = await j.run({ documents: toDocs(raw) });
        const second = await j.run({ documents: toDocs(raw) });
        expect(second).toEqual(first);
      }),
    );
  });
});
