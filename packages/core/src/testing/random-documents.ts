import fc from 'fast-check';
import type { Document, JsonValue, Meta } from '../document.js';
import type { Filter, FilterScalar } from '../filters/filter-types.js';
import { filterTree } from './filter-arbitrary.js';

// Generators for the differential tests: documents and filters drawn from small pools of keys
// and values, so random filters hit random documents often enough to discriminate.

/** Meta keys (with a non-ASCII one and one with quotes/backslash/space — never a dot). */
export const RANDOM_KEYS = ['a', 'b', 'n', 'ünï', `q'"\\ k`] as const;

/** Strings with quotes, backslashes, SQL/regex metacharacters, unicode and control characters (no NUL). */
const TRICKY_STRINGS = [
  '',
  'x',
  'X',
  ' x',
  "it's",
  'say "hi"',
  'back\\slash',
  '%_*.?[]()^$|+{}',
  '-- ;DROP',
  '$$',
  'ünïcödé',
  '日本',
  '🚀',
  'e\u0301',
  'tab\there',
  'line\nbreak',
  '\u0001\u001f\u007f',
  'true',
  '1',
  'null',
] as const;

/** ISO dates (some equal instants in different spellings) and an impossible-looking near-miss. */
const DATES = [
  '2020-01-01',
  '2020-01-01T00:00:00Z',
  '2020-01-01T01:00:00+01:00',
  '2021-06-15T12:30:00.250Z',
  '1969-07-21T20:17:40',
  '2024-02-29',
  '2024-02-29T23:59:59.999-05:00',
] as const;

const NUMBERS = [0, 1, -1, 2, 1.5, -0.25, 1e-3, 1e15, 2024, 0.1 + 0.2] as const;

const stringValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  fc.string({ maxLength: 6 }).filter((s) => !s.includes('\u0000')),
);
const numberValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
);

/** A JSON scalar as stored in meta. */
export const randomScalar: fc.Arbitrary<FilterScalar> = fc.oneof(
  { weight: 3, arbitrary: numberValue },
  { weight: 3, arbitrary: stringValue },
  { weight: 2, arbitrary: fc.constantFrom(...DATES) },
  fc.boolean(),
  fc.constant(null),
);

const leaf: fc.Arbitrary<JsonValue> = fc.oneof({ weight: 6, arbitrary: randomScalar }, fc.array(randomScalar, { maxLength: 3 }));
const key = fc.constantFrom(...RANDOM_KEYS);
const metaValue: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  fc.dictionary(key, fc.oneof({ weight: 3, arbitrary: leaf }, fc.dictionary(key, leaf, { maxKeys: 2 })), { maxKeys: 3 }),
);

/** A meta object: some keys missing, some nested up to three levels. */
export const randomMeta: fc.Arbitrary<Meta> = fc.dictionary(key, metaValue, { minKeys: 1, maxKeys: 5 }) as fc.Arbitrary<Meta>;

/** `n` documents with ids `r-000…`, random content and meta, and a 4-dimensional embedding. */
export function randomCorpus(n: number, seed: number): Document[] {
  const draw = fc.sample(fc.record({ content: stringValue, meta: randomMeta }), { numRuns: n, seed });
  return draw.map(({ content, meta }, i) => ({
    id: i % 7 === 0 ? `r-${String(i).padStart(3, '0')} 'q'` : `r-${String(i).padStart(3, '0')}`,
    content,
    meta,
    embedding: [1, (i % 5) / 5, ((i * 7) % 11) / 11, 0.5],
  }));
}

/** A filter field: id, content, or a meta path of depth 1–3. */
const field = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('id', 'content') },
  { weight: 8, arbitrary: key.map((k) => `meta.${k}`) },
  { weight: 2, arbitrary: fc.array(key, { minLength: 2, maxLength: 3 }).map((p) => `meta.${p.join('.')}`) },
);

/** Random filter trees: comparisons under AND / OR / NOT, depth ≤ 4. */
export const randomFilter: fc.Arbitrary<Filter> = filterTree({
  field,
  scalar: randomScalar,
  orderable: fc.oneof(
    { weight: 4, arbitrary: numberValue },
    { weight: 3, arbitrary: fc.constantFrom(...DATES) },
    fc.constant(null),
  ),
  maxDepth: 4,
});
