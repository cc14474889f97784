import fc from 'fast-check';
import type { Filter, FilterScalar } from '../filters/filter-types.js';

const FIELDS = [
  'id',
  'content',
  'meta.year',
  'meta.rating',
  'meta.published',
  'meta.category',
  'meta.date',
  'meta.author',
  'meta.author.name',
  'meta.author.address.city',
  'meta.tags',
  'meta.code',
  'meta.lang',
  'meta.note',
  'meta.due',
  'meta.missing',
] as const;

const SCALARS: FilterScalar[] = [
  2020,
  2021,
  0,
  -50,
  2020.5,
  4.5,
  -1.5,
  1,
  2,
  0.001,
  10000,
  'news',
  'blog',
  'Blog',
  '',
  'news ',
  '1',
  'true',
  '2020',
  '4.5',
  'en',
  'EN',
  'fr',
  '🚀',
  'Alice',
  'Ünal',
  'Zoë',
  'animals',
  'x',
  'doc-01',
  'doc-07',
  'Lazy dogs sleep all day',
  '2024-01-01T00:00:00Z',
  '2024-01-01',
  '2023-12-31',
  true,
  false,
  null,
];

const ORDERABLE: Array<number | string> = [
  2020,
  0,
  -1,
  4.5,
  100,
  3000,
  '2024-01-01T00:00:00Z',
  '2023-12-31T23:00:00Z',
  '2024-01-01T01:00:00+01:00',
  '2023-12-31',
  '2024-06-15T12:30:00.5Z',
  '2025-03-01T10:00:00-05:00',
  '2023-03-01',
  '2024-02-29T12:00:00Z',
];

/** The fields and operands random filters draw from (see {@link filterArbitrary}). */
export interface FilterArbitraryValues {
  fields: readonly string[];
  /** Operands of `==` / `!=`, and the items of `in` / `not in` lists. */
  scalars: readonly FilterScalar[];
  /** Operands of `>` / `>=` / `<` / `<=`: numbers and date strings. */
  orderable: readonly (number | string)[];
}

/** The conformance fixture's fields and the values that hit its edge cases. */
export const CONFORMANCE_FILTER_VALUES: FilterArbitraryValues = { fields: FIELDS, scalars: SCALARS, orderable: ORDERABLE };

/**
 * Random filters (every operator, nesting up to three levels, values of each type, dates) over
 * `values` — by default the conformance fixture's, for the conformance suite's differential test
 * against `compileFilter`; a store's own test passes the fields and values of its own corpus.
 */
export function filterArbitrary(values: FilterArbitraryValues = CONFORMANCE_FILTER_VALUES): fc.Arbitrary<Filter> {
  return filterTree({
    field: fc.constantFrom(...values.fields),
    scalar: fc.constantFrom(...values.scalars),
    orderable: fc.constantFrom(...values.orderable),
    maxDepth: 3,
  });
}

/** What {@link filterTree} draws fields and operands from, and how deep it nests. */
export interface FilterTreeParts {
  field: fc.Arbitrary<string>;
  /** Operands of `==` / `!=`, and the items of `in` / `not in` lists. */
  scalar: fc.Arbitrary<FilterScalar>;
  /** Operands of `>` / `>=` / `<` / `<=`. */
  orderable: fc.Arbitrary<FilterScalar>;
  maxDepth: number;
}

/** Random filter trees: comparisons of every operator under AND / OR / NOT, up to `maxDepth` levels. */
export function filterTree({ field, scalar, orderable, maxDepth }: FilterTreeParts): fc.Arbitrary<Filter> {
  const comparison = fc.oneof(
    fc.record({ field, operator: fc.constantFrom('==' as const, '!=' as const), value: scalar }),
    fc.record({ field, operator: fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const), value: orderable }),
    fc.record({ field, operator: fc.constantFrom('in' as const, 'not in' as const), value: fc.array(scalar, { maxLength: 4 }) }),
  ) as fc.Arbitrary<Filter>;
  const { filter } = fc.letrec<{ filter: Filter; logical: Filter }>((tie) => ({
    filter: fc.oneof({ maxDepth, depthSize: 'small', withCrossShrink: true }, comparison, tie('logical')),
    logical: fc.record({
      operator: fc.constantFrom('AND' as const, 'OR' as const, 'NOT' as const),
      conditions: fc.array(tie('filter'), { maxLength: 3 }),
    }) as fc.Arbitrary<Filter>,
  }));
  return filter;
}
