import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, JsonValue, Meta } from '../document.js';
import { compileFilter } from '../filters/evaluate-filter.js';
import type { Filter } from '../filters/filter-types.js';
import type { DocumentStore, DuplicatePolicy } from '../store/document-store.js';
import { CONFORMANCE_IDS, conformanceDocuments, fixtureEmbedding } from './conformance-fixture.js';
import { filterArbitrary } from './filter-arbitrary.js';
import { FILTER_CASES, INVALID_FILTER_CASES } from './filter-cases.js';

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Returns a fresh, empty store. Called once for the shared read-only filter fixture and once per mutating test. */
  createStore(): Promise<DocumentStore>;
  /** Releases a store made by createStore (drop table / delete collection / close). */
  destroyStore?(store: DocumentStore): Promise<void>;
  /** Filter-case ids the store cannot express; the suite asserts filterDocuments raises FilterError for them. */
  unsupportedFilterCases?: readonly string[];
  /** Embedding dimension to use for fixture documents. @default 4 */
  embeddingDimension?: number;
  /** Number of random filters in the differential (fast-check) test against the in-memory evaluator. @default 60 */
  propertyRuns?: number;
  /** When true, a FilterError from the store in the differential test is accepted (stores that support a subset). @default false */
  allowUnsupportedFilters?: boolean;
  /**
   * Size of the single large `writeDocuments` call the suite makes (above ChromaDB's maximum
   * batch of 5461, so stores must chunk internally). 0 skips the test. @default 5500
   */
  largeBatchSize?: number;
}

/** Error codes are compared instead of classes, so a store built against core's `dist` still passes. */
async function expectRejectsWithCode(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected an error with code ${code}`).toBeDefined();
  expect((error as { code?: unknown }).code, `unexpected error: ${String(error)}`).toBe(code);
  return error as Record<string, unknown>;
}

const sortedIds = (docs: readonly Document[]): string[] => docs.map((d) => d.id).sort();

function expectEmbeddingClose(actual: readonly number[] | undefined, expected: readonly number[], what: string): void {
  expect(actual, `${what}: embedding missing`).toBeDefined();
  expect(actual!.length, `${what}: embedding length`).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual![i]!;
    const tolerance = 1e-6 * Math.max(Math.abs(e), Math.abs(a), 1e-30);
    expect(Math.abs(a - e) <= tolerance, `${what}: embedding[${i}] is ${a}, expected ${e} (relative tolerance 1e-6)`).toBe(true);
  });
}

function expectSameDocument(actual: Document | undefined, expected: Document): void {
  expect(actual, `document ${expected.id} missing`).toBeDefined();
  expect(actual!.id).toBe(expected.id);
  expect(actual!.content, `content of ${expected.id}`).toBe(expected.content);
  expect(actual!.meta, `meta of ${expected.id}`).toEqual(expected.meta);
  if (expected.embedding !== undefined) expectEmbeddingClose(actual!.embedding, expected.embedding, expected.id);
}

function byId(docs: readonly Document[]): Map<string, Document> {
  return new Map(docs.map((d) => [d.id, d]));
}

/** Documents exercising the round trip of content, meta and embeddings. */
function roundTripDocuments(dim: number): Document[] {
  const unit = 'Lorem ipsum dolor sit amet — ünïcödé 日本語 مرحبا שלום 🚀👩‍👩‍👧 ';
  const large = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  const emb = (seed: number) => fixtureEmbedding(seed, dim);
  const awkward = Array.from({ length: dim }, (_, i) => [0.1, -1 / 3, 1e-3, 12345.678, -0.5, 2.5e-4][i % 6]!);
  return [
    {
      id: 'rt-unicode',
      content: 'héllo wörld — 你好 — مرحبا بالعالم — שלום עולם — 🚀👩‍👩‍👧 — e\u0301',
      meta: { rtl: 'עברית ومرحبا', emoji: '👍🏽🇫🇷', combining: 'e\u0301', 'key with space': 'v', ключ: 'значение' },
      embedding: emb(101),
    },
    { id: 'rt-empty', content: '', meta: {}, embedding: emb(102) },
    { id: 'rt-large', content: large, meta: { size: 'large' }, embedding: emb(103) },
    {
      id: 'rt-numbers',
      content: 'numbers',
      meta: {
        int: 42,
        zero: 0,
        negative: -7,
        float: 273.15,
        negativeFloat: -0.001,
        tiny: 1.5e-10,
        maxSafe: 9007199254740991,
      },
      embedding: awkward,
    },
    {
      id: 'rt-booleans-null',
      content: 'booleans and null',
      meta: { yes: true, no: false, nothing: null, nullInList: [null, 1] },
      embedding: emb(105),
    },
    {
      id: 'rt-nested',
      content: 'nested',
      meta: {
        author: { name: 'A', address: { city: 'Zürich', zip: '01234' } },
        tags: ['x', 'y'],
        matrix: [[1, 2], [3]],
        mixed: [1, 'a', true, null, { k: 'v' }],
        emptyList: [],
        emptyObject: {},
      },
      embedding: emb(106),
    },
    {
      id: 'rt-special "id" \'quotes\' ид 🚀',
      content: 'quote" \\ backslash\nnewline\ttab \'; DROP TABLE documents; --',
      meta: { sql: "'; DROP TABLE documents; --", json: '{"not":"parsed"}', percent: '100% _like_' },
      embedding: emb(107),
    },
  ];
}

const doc = (id: string, content: string, dim: number, seed: number, meta: Meta = {}): Document => ({
  id,
  content,
  meta,
  embedding: fixtureEmbedding(seed, dim),
});

/**
 * Registers (with vitest's `describe` / `it`) every protocol, duplicate-policy, validation and
 * filter case a {@link DocumentStore} must pass, plus a differential property test against the
 * in-memory reference evaluator. Call it at the top level of a test file:
 *
 * @example
 * runStoreConformance('PgvectorDocumentStore', {
 *   createStore: async () => new PgvectorDocumentStore({ ...opts, table: uniqueName() }),
 *   destroyStore: async (s) => (s as PgvectorDocumentStore).dropTable(),
 * });
 */
export function runStoreConformance(suiteName: string, options: StoreConformanceOptions): void {
  const dim = options.embeddingDimension ?? 4;
  if (!Number.isInteger(dim) || dim < 2)
    throw new Error(`runStoreConformance: embeddingDimension must be an integer >= 2, got ${dim}`);
  const largeBatch = options.largeBatchSize ?? 5500;
  const unsupported = new Set(options.unsupportedFilterCases ?? []);
  const known = new Set(FILTER_CASES.map((c) => c.id));
  const unknown = [...unsupported].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`runStoreConformance: unknown unsupportedFilterCases ids: ${unknown.join(', ')}`);

  /** Runs `fn` on a fresh store and always releases it. */
  const withStore = async (fn: (store: DocumentStore) => Promise<void>): Promise<void> => {
    const store = await options.createStore();
    try {
      await fn(store);
    } finally {
      await options.destroyStore?.(store);
    }
  };

  describe(`${suiteName} — store conformance`, () => {
    describe('protocol', () => {
      it('starts empty', () =>
        withStore(async (store) => {
          expect(await store.countDocuments()).toBe(0);
          expect(await store.filterDocuments()).toEqual([]);
        }));

      it('writes, counts, lists and deletes (unknown ids ignored)', () =>
        withStore(async (store) => {
          const docs = [doc('a', 'alpha', dim, 1), doc('b', 'beta', dim, 2), doc('c', 'gamma', dim, 3)];
          expect(await store.writeDocuments(docs)).toBe(3);
          expect(await store.countDocuments()).toBe(3);
          expect(sortedIds(await store.filterDocuments())).toEqual(['a', 'b', 'c']);
          await store.deleteDocuments(['a', 'does-not-exist']);
          expect(await store.countDocuments()).toBe(2);
          expect(sortedIds(await store.filterDocuments())).toEqual(['b', 'c']);
          await store.deleteDocuments([]);
          expect(await store.countDocuments()).toBe(2);
          await store.deleteDocuments(['b', 'c']);
          expect(await store.countDocuments()).toBe(0);
          expect(await store.filterDocuments()).toEqual([]);
        }));

      it('an empty write returns 0 for every policy', () =>
        withStore(async (store) => {
          for (const policy of ['none', 'skip', 'overwrite', 'fail'] as DuplicatePolicy[]) {
            expect(await store.writeDocuments([], { policy })).toBe(0);
          }
          expect(await store.countDocuments()).toBe(0);
        }));

      it('round-trips content and meta exactly (unicode, RTL, emoji, 100 KB, numbers, booleans, null, nesting)', () =>
        withStore(async (store) => {
          const docs = roundTripDocuments(dim);
          expect(await store.writeDocuments(docs)).toBe(docs.length);
          const read = byId(await store.filterDocuments());
          expect(read.size).toBe(docs.length);
          for (const expected of docs) expectSameDocument(read.get(expected.id), expected);
        }));

      it('filters by id and content of round-tripped documents', () =>
        withStore(async (store) => {
          const docs = roundTripDocuments(dim);
          await store.writeDocuments(docs);
          const special = docs[docs.length - 1]!;
          expect(sortedIds(await store.filterDocuments({ field: 'id', operator: '==', value: special.id }))).toEqual([
            special.id,
          ]);
          expect(sortedIds(await store.filterDocuments({ field: 'content', operator: '==', value: special.content }))).toEqual([
            special.id,
          ]);
          expect(
            sortedIds(await store.filterDocuments({ field: 'meta.author.address.city', operator: '==', value: 'Zürich' })),
          ).toEqual(['rt-nested']);
        }));

      it('returns copies: mutating inputs or results does not change stored documents', () =>
        withStore(async (store) => {
          const input = doc('m', 'original', dim, 9, { tags: ['a'], nested: { x: 1 } });
          const originalEmbedding = [...input.embedding!];
          await store.writeDocuments([input]);
          input.content = 'changed';
          (input.meta.tags as JsonValue[]).push('b');
          input.embedding![0] = 999;
          const [first] = await store.filterDocuments();
          expectSameDocument(first, {
            id: 'm',
            content: 'original',
            meta: { tags: ['a'], nested: { x: 1 } },
            embedding: originalEmbedding,
          });
          first!.meta.nested = 'mutated';
          first!.embedding![0] = 12345;
          const [second] = await store.filterDocuments();
          expectSameDocument(second, {
            id: 'm',
            content: 'original',
            meta: { tags: ['a'], nested: { x: 1 } },
            embedding: originalEmbedding,
          });
        }));

      for (const policy of ['fail', 'none', undefined] as const) {
        const label = policy === undefined ? 'the default policy' : `policy "${policy}"`;
        it(`${label} raises DuplicateDocumentError naming the ids and writes nothing`, () =>
          withStore(async (store) => {
            await store.writeDocuments([doc('a', 'alpha', dim, 1), doc('b', 'beta', dim, 2)]);
            const batch = [doc('new-1', 'new', dim, 3), doc('a', 'alpha v2', dim, 4), doc('new-2', 'new', dim, 5)];
            const error = await expectRejectsWithCode(
              store.writeDocuments(batch, policy === undefined ? undefined : { policy }),
              'DUPLICATE_DOCUMENT',
            );
            expect(error.ids).toEqual(['a']);
            expect(String(error.message)).toContain('a');
            expect(await store.countDocuments()).toBe(2);
            expect(sortedIds(await store.filterDocuments())).toEqual(['a', 'b']);
            expect((await store.filterDocuments({ field: 'id', operator: '==', value: 'a' }))[0]?.content).toBe('alpha');
          }));
      }

      it('policy "skip" keeps stored documents and returns the number actually written', () =>
        withStore(async (store) => {
          await store.writeDocuments([doc('a', 'alpha', dim, 1, { v: 1 })]);
          const written = await store.writeDocuments([doc('a', 'alpha v2', dim, 2, { v: 2 }), doc('d', 'delta', dim, 3)], {
            policy: 'skip',
          });
          expect(written).toBe(1);
          const read = byId(await store.filterDocuments());
          expect(read.size).toBe(2);
          expectSameDocument(read.get('a'), doc('a', 'alpha', dim, 1, { v: 1 }));
          expectSameDocument(read.get('d'), doc('d', 'delta', dim, 3));
          expect(await store.writeDocuments([doc('a', 'x', dim, 4), doc('d', 'y', dim, 5)], { policy: 'skip' })).toBe(0);
        }));

      it('policy "overwrite" replaces content, meta and embedding', () =>
        withStore(async (store) => {
          await store.writeDocuments([doc('a', 'alpha', dim, 1, { v: 1, gone: true }), doc('b', 'beta', dim, 2)]);
          const replacement = doc('a', 'alpha v2', dim, 7, { v: 2, added: 'yes' });
          const written = await store.writeDocuments([replacement, doc('e', 'epsilon', dim, 8)], { policy: 'overwrite' });
          expect(written).toBe(2);
          expect(await store.countDocuments()).toBe(3);
          const read = byId(await store.filterDocuments());
          expect(read.size).toBe(3);
          expectSameDocument(read.get('a'), replacement);
          expect(await store.filterDocuments({ field: 'meta.gone', operator: '==', value: true })).toEqual([]);
        }));

      it('duplicates inside one batch: fail/none raise and write nothing', () =>
        withStore(async (store) => {
          const batch = [doc('x', 'first', dim, 1), doc('y', 'other', dim, 2), doc('x', 'second', dim, 3)];
          for (const policy of ['fail', 'none'] as const) {
            const error = await expectRejectsWithCode(store.writeDocuments(batch, { policy }), 'DUPLICATE_DOCUMENT');
            expect(error.ids).toEqual(['x']);
            expect(await store.countDocuments()).toBe(0);
          }
        }));

      it('duplicates inside one batch: skip keeps the first, overwrite the last', () =>
        withStore(async (store) => {
          const first = doc('x', 'first', dim, 1, { n: 1 });
          const last = doc('x', 'last', dim, 3, { n: 3 });
          expect(await store.writeDocuments([first, doc('x', 'middle', dim, 2), last], { policy: 'skip' })).toBe(1);
          expectSameDocument((await store.filterDocuments())[0], first);
          await store.deleteDocuments(['x']);
          expect(await store.writeDocuments([first, doc('x', 'middle', dim, 2), last], { policy: 'overwrite' })).toBe(1);
          expect(await store.countDocuments()).toBe(1);
          expectSameDocument((await store.filterDocuments())[0], last);
        }));

      if (largeBatch > 0) {
        it(`writes ${largeBatch} documents in one call, then filters and deletes them`, () =>
          withStore(async (store) => {
            const docs = Array.from({ length: largeBatch }, (_, i) =>
              doc(`bulk-${String(i).padStart(5, '0')}`, `bulk document ${i}`, dim, i, { i, even: i % 2 === 0 }),
            );
            expect(await store.writeDocuments(docs)).toBe(largeBatch);
            expect(await store.countDocuments()).toBe(largeBatch);
            const even = await store.filterDocuments({ field: 'meta.even', operator: '==', value: true });
            expect(even.length).toBe(Math.ceil(largeBatch / 2));
            const last = docs[largeBatch - 1]!;
            expectSameDocument((await store.filterDocuments({ field: 'id', operator: '==', value: last.id }))[0], last);
            expect(await store.writeDocuments(docs, { policy: 'skip' })).toBe(0);
            await store.deleteDocuments(docs.map((d) => d.id));
            expect(await store.countDocuments()).toBe(0);
          }));
      }

      it('a deleted id can be written again', () =>
        withStore(async (store) => {
          await store.writeDocuments([doc('a', 'one', dim, 1)]);
          await store.deleteDocuments(['a']);
          expect(await store.writeDocuments([doc('a', 'two', dim, 2)], { policy: 'fail' })).toBe(1);
          expect((await store.filterDocuments())[0]?.content).toBe('two');
        }));

      it('non-finite embeddings raise InvalidDocumentError and write nothing', () =>
        withStore(async (store) => {
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
            const embedding = fixtureEmbedding(5, dim);
            embedding[dim - 1] = bad;
            const batch = [doc('ok', 'fine', dim, 4), { id: 'bad', content: 'bad', meta: {}, embedding }];
            await expectRejectsWithCode(store.writeDocuments(batch, { policy: 'overwrite' }), 'INVALID_DOCUMENT');
            expect(await store.countDocuments()).toBe(0);
          }
        }));

      it('embeddings of the wrong dimension raise InvalidDocumentError and write nothing', () =>
        withStore(async (store) => {
          const mixed = [doc('ok', 'fine', dim, 1), doc('long', 'too long', dim + 1, 2)];
          await expectRejectsWithCode(store.writeDocuments(mixed), 'INVALID_DOCUMENT');
          expect(await store.countDocuments()).toBe(0);
          await store.writeDocuments([doc('first', 'first', dim, 3)]);
          const batch = [doc('second', 'fine', dim, 4), doc('short', 'too short', dim - 1, 5)];
          await expectRejectsWithCode(store.writeDocuments(batch), 'INVALID_DOCUMENT');
          expect(sortedIds(await store.filterDocuments())).toEqual(['first']);
        }));

      it('filterDocuments rejects an invalid filter with FilterError', () =>
        withStore(async (store) => {
          await store.writeDocuments([doc('a', 'alpha', dim, 1)]);
          const bad = { field: 'meta.x', operator: '>', value: 'abc' } as unknown as Filter;
          await expectRejectsWithCode(store.filterDocuments(bad), 'FILTER_INVALID');
        }));
    });

    describe('filters', () => {
      let store: DocumentStore | undefined;
      beforeAll(async () => {
        store = await options.createStore();
        const written = await store.writeDocuments(conformanceDocuments(dim));
        if (written !== CONFORMANCE_IDS.length)
          throw new Error(`fixture: wrote ${written} of ${CONFORMANCE_IDS.length} documents`);
      });
      afterAll(async () => {
        if (store !== undefined) await options.destroyStore?.(store);
      });

      it('the fixture round-trips', async () => {
        const read = byId(await store!.filterDocuments());
        for (const expected of conformanceDocuments(dim)) expectSameDocument(read.get(expected.id), expected);
      });

      for (const fcase of FILTER_CASES) {
        it(`${fcase.id}: ${fcase.description}`, async () => {
          if (unsupported.has(fcase.id)) {
            await expectRejectsWithCode(store!.filterDocuments(fcase.filter), 'FILTER_INVALID');
            return;
          }
          expect(sortedIds(await store!.filterDocuments(fcase.filter))).toEqual([...fcase.expectedIds].sort());
        });
      }

      for (const ic of INVALID_FILTER_CASES) {
        it(`${ic.id}: ${ic.description} raises FilterError`, async () => {
          await expectRejectsWithCode(store!.filterDocuments(ic.filter as Filter), 'FILTER_INVALID');
        });
      }

      it('agrees with the reference evaluator on random filters (differential)', async () => {
        const corpus = conformanceDocuments(dim);
        await fc.assert(
          fc.asyncProperty(filterArbitrary(), async (filter) => {
            const expected = corpus.filter(compileFilter(filter)).map((d) => d.id);
            let actual: string[];
            try {
              actual = sortedIds(await store!.filterDocuments(filter));
            } catch (err) {
              if (options.allowUnsupportedFilters && (err as { code?: unknown }).code === 'FILTER_INVALID') return;
              throw err;
            }
            expect(actual).toEqual(expected.sort());
          }),
          { numRuns: options.propertyRuns ?? 60 },
        );
      });
    });
  });
}
