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

/**
 * Random filters over the conformance fixture's fields (every operator, nesting, values of each
 * type, dates), for the conformance suite's differential test against `compileFilter`.
 */
export function filterArbitrary(): fc.Arbitrary<Filter> {
  const field = fc.constantFrom(...FIELDS);
  const scalar = fc.constantFrom(...SCALARS);
  const comparison: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({ field, operator: fc.constantFrom('==' as const, '!=' as const), value: scalar }),
    fc.record({
      field,
      operator: fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const),
      value: fc.constantFrom(...ORDERABLE),
    }),
    fc.record({
      field,
      operator: fc.constantFrom('in' as const, 'not in' as const),
      value: fc.array(scalar, { maxLength: 4 }),
    }),
  );
  const { filter } = fc.letrec<{ filter: Filter; logical: Filter }>((tie) => ({
    filter: fc.oneof({ maxDepth: 3, depthSize: 'small', withCrossShrink: true }, comparison, tie('logical')),
    logical: fc.record({
      operator: fc.constantFrom('AND' as const, 'OR' as const, 'NOT' as const),
      conditions: fc.array(tie('filter'), { maxLength: 3 }),
    }),
  }));
  return filter;
}

// ---- the suite -----------------------------------------------------------------------------------
