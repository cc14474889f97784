import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../document.js';
import { compileFilter } from '../filters/evaluate-filter.js';
import type { Filter } from '../filters/filter-types.js';
import type { DocumentStore, DuplicatePolicy } from '../store/document-store.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { randomCorpus, randomFilter, randomMeta } from './random-documents.js';

/** Options of {@link runDifferentialSuite}. */
export interface DifferentialSuiteOptions {
  /** Returns a fresh, empty store (called once per corpus batch and once for the write sequences). */
  createStore(): Promise<DocumentStore>;
  destroyStore?(store: DocumentStore): Promise<void>;
  /** Random filters checked against the in-memory reference, spread over `batches` corpora. @default 1000 */
  filterRuns?: number;
  /** Distinct random corpora (one store each). @default 4 */
  batches?: number;
  /** Documents per corpus. @default 60 */
  corpusSize?: number;
  /** Random write/delete sequences compared with the in-memory store. @default 25 */
  sequenceRuns?: number;
  /** Accept a `FilterError` for filters the store documents it cannot express. @default false */
  allowFilterError?: boolean;
  /**
   * Relative tolerance for stored meta numbers in the write-sequence test, for stores whose
   * server may change a float's last bits (Chroma). @default exact
   */
  numberTolerance?: number;
  /** Base seed; each run prints it so a failure can be replayed. @default Date.now() */
  seed?: number;
  /** Counters the caller may print or record (cases tried per test). */
  stats?: { filterCases: number; sequenceCases: number };
}

const ids = (docs: readonly Document[]): string[] => docs.map((d) => d.id).sort();
const isCode = (error: unknown, code: string) => (error as { code?: unknown } | null)?.code === code;

type Op = { kind: 'write'; docs: Document[]; policy: DuplicatePolicy } | { kind: 'delete'; ids: string[] };

const POOL = ['w-0', 'w-1', 'w-2', "w-'3'", 'w-4', 'w-5'];
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      docs: fc.array(
        fc.record({
          id: fc.constantFrom(...POOL),
          content: fc.string({ maxLength: 5 }).filter((s) => !s.includes('\u0000')),
          meta: randomMeta,
        }),
        { minLength: 1, maxLength: 4 },
      ),
      policy: fc.constantFrom<DuplicatePolicy>('none', 'skip', 'overwrite', 'fail'),
    }),
  },
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(fc.constantFrom(...POOL, 'absent'), { maxLength: 3 }) }),
);

/** Deep JSON equality, numbers equal within a relative `tolerance`. */
function closeJson(a: unknown, b: unknown, tolerance: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => closeJson(x, b[i], tolerance));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const [ka, kb] = [Object.keys(a).sort(), Object.keys(b).sort()];
    const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && closeJson(ra[k], rb[k], tolerance));
  }
  return a === b;
}

/** Applies `op`; returns the count written (or deleted marker) or the error code. */
async function apply(store: DocumentStore, op: Op): Promise<string> {
  try {
    if (op.kind === 'delete') {
      await store.deleteDocuments(op.ids);
      return 'deleted';
    }
    const docs = op.docs.map((d, i) => ({ ...d, embedding: [1, i / 4, 0.5, 0.25] }));
    return `wrote ${await store.writeDocuments(docs, { policy: op.policy })}`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    return `error ${code}`;
  }
}

/**
 * Differential property tests of a store against the in-memory reference: `filterRuns` random
 * filter trees (depth ≤ 4, every operator) over random corpora (nested meta, ints and floats,
 * tricky strings, booleans, nulls, ISO dates, lists, missing fields) must select exactly the
 * reference's ids — or raise `FilterError` when the store documents it cannot express the filter —
 * and random write/delete sequences with mixed duplicate policies must give the same results and
 * final contents. The seed is printed; set `seed` (or `SYNAPSE_FUZZ_SEED`) to replay a failure.
 */
export function runDifferentialSuite(name: string, options: DifferentialSuiteOptions): void {
  const seed = options.seed ?? (Number(process.env.SYNAPSE_FUZZ_SEED) || Date.now() % 2 ** 31);
  const batches = options.batches ?? 4;
  const perBatch = Math.ceil((options.filterRuns ?? 1000) / batches);
  const corpusSize = options.corpusSize ?? 60;
  const stats = options.stats ?? { filterCases: 0, sequenceCases: 0 };

  describe(`${name}: differential against the in-memory reference (seed ${seed})`, () => {
    for (let b = 0; b < batches; b++) {
      describe(`corpus ${b + 1}/${batches}`, () => {
        const corpus = randomCorpus(corpusSize, seed + b);
        let store: DocumentStore;
        beforeAll(async () => {
          store = await options.createStore();
          await store.writeDocuments(corpus);
        }, 120_000);
        afterAll(async () => {
          if (store) await options.destroyStore?.(store);
        });

        it(`${perBatch} random filters select the reference's ids`, async () => {
          expect(await store.countDocuments()).toBe(corpus.length);
          await fc.assert(
            fc.asyncProperty(randomFilter, async (filter: Filter) => {
              stats.filterCases++;
              const expected = corpus
                .filter(compileFilter(filter))
                .map((d) => d.id)
                .sort();
              let actual: string[];
              try {
                actual = ids(await store.filterDocuments(filter));
              } catch (error) {
                if (options.allowFilterError && isCode(error, 'FILTER_INVALID')) return; // documented gap
                throw error;
              }
              expect(actual, JSON.stringify(filter)).toEqual(expected);
            }),
            { numRuns: perBatch, seed: seed + b },
          );
        }, 300_000);
      });
    }

    describe('write/delete sequences', () => {
      let store: DocumentStore;
      beforeAll(async () => {
        store = await options.createStore();
      }, 120_000);
      afterAll(async () => {
        if (store) await options.destroyStore?.(store);
      });

      it('give the same results and final contents as the in-memory store', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 8 }), async (ops) => {
            stats.sequenceCases++;
            await store.deleteDocuments([...POOL]);
            const reference = new InMemoryDocumentStore();
            for (const op of ops) {
              const want = await apply(reference, op);
              expect(await apply(store, op), JSON.stringify(op)).toBe(want);
            }
            const [got, want] = [await store.filterDocuments(), await reference.filterDocuments()];
            const strip = (docs: Document[]) =>
              docs.map(({ id, content, meta }) => ({ id, content, meta })).sort((x, y) => (x.id < y.id ? -1 : 1));
            const tolerance = options.numberTolerance;
            if (tolerance === undefined) expect(strip(got)).toEqual(strip(want));
            else
              expect(
                closeJson(strip(got), strip(want), tolerance),
                `${JSON.stringify(strip(got))} vs ${JSON.stringify(strip(want))}`,
              ).toBe(true);
          }),
          { numRuns: options.sequenceRuns ?? 25, seed },
        );
      }, 300_000);
    });
  });
}
