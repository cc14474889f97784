import type { Filter } from '../filters/filter-types.js';

/** One hand-written filter case over {@link conformanceDocuments}. */
export interface FilterCase {
  /** Stable id, e.g. `eq-number`; stores list unsupported ones by id. */
  id: string;
  description: string;
  filter: Filter;
  /** Ids of matching fixture documents, worked out by hand from the documented semantics. */
  expectedIds: string[];
}

/** A filter that every store must reject with `FilterError` (code `FILTER_INVALID`). */
export interface InvalidFilterCase {
  id: string;
  description: string;
  /** Deliberately not typed as `Filter`: these are what users might pass at run time. */
  filter: unknown;
}

const d = (...n: number[]): string[] => n.map((i) => `doc-${String(i).padStart(2, '0')}`);
const ALL = Array.from({ length: 16 }, (_, i) => i + 1);
const allBut = (...n: number[]): string[] => d(...ALL.filter((i) => !n.includes(i)));

const f = (field: string, operator: string, value: unknown): Filter => ({ field, operator, value }) as Filter;
const and = (...conditions: Filter[]): Filter => ({ operator: 'AND', conditions });
const or = (...conditions: Filter[]): Filter => ({ operator: 'OR', conditions });
const not = (...conditions: Filter[]): Filter => ({ operator: 'NOT', conditions });

const c = (id: string, description: string, filter: Filter, expectedIds: string[]): FilterCase => ({
  id,
  description,
  filter,
  expectedIds,
});

const bad = (id: string, description: string, filter: unknown): InvalidFilterCase => ({ id, description, filter });

/**
 * The filter cases every store must pass. Expected ids are written by hand (see the fixture's
 * comments for the values), never computed by the reference evaluator.
 */
export const FILTER_CASES: readonly FilterCase[] = [
  // ---- == ---------------------------------------------------------------------------------
  c('eq-number', 'number equality ignores "2020" strings, lists and objects', f('meta.year', '==', 2020), d(1)),
  c('eq-number-zero', '0 is a value like any other', f('meta.year', '==', 0), d(3)),
  c('eq-number-negative', 'negative numbers', f('meta.year', '==', -50), d(4)),
  c('eq-number-float', 'float equality, not the string "4.5"', f('meta.rating', '==', 4.5), d(1, 15)),
  c('eq-number-float-small', 'small floats compare exactly', f('meta.rating', '==', 0.001), d(12)),
  c('eq-number-large', 'large numbers', f('meta.year', '==', 10000), d(13)),
  c('eq-string', 'string equality (not "news ", lists or objects)', f('meta.category', '==', 'news'), d(1, 3, 6, 9, 13)),
  c('eq-string-case', 'strings are case-sensitive', f('meta.category', '==', 'Blog'), d(5)),
  c('eq-string-trailing-space', 'whitespace is significant', f('meta.category', '==', 'news '), d(14)),
  c('eq-string-empty', 'the empty string is a value, not null', f('meta.category', '==', ''), d(16)),
  c('eq-bool-true', 'true does not equal the string "true"', f('meta.published', '==', true), d(1, 3, 6, 15)),
  c('eq-bool-false', 'false', f('meta.published', '==', false), d(2, 5, 13, 16)),
  c('eq-string-vs-number', '"1" does not equal 1', f('meta.code', '==', '1'), d(2)),
  c('eq-number-vs-string', '1 does not equal "1" or true', f('meta.code', '==', 1), d(1)),
  c('eq-true-not-one', 'true does not equal 1', f('meta.code', '==', true), d(6)),
  c('eq-false-not-zero', 'false does not equal 0', f('meta.code', '==', false), d(16)),
  c('eq-zero-not-false', '0 does not equal false', f('meta.code', '==', 0), d(15)),
  c('eq-null-missing', '== null matches null and missing fields', f('meta.note', '==', null), allBut(5)),
  c('eq-null-not-empty', '== null matches neither "" nor lists nor objects', f('meta.category', '==', null), d(7, 8)),
  c(
    'eq-null-nested',
    '== null on a nested path: missing parents, non-object parents and null all count',
    f('meta.author.name', '==', null),
    d(4, 6, 7, 8, 9, 12, 13, 14, 16),
  ),
  c('eq-nested', 'nested field; a string parent has no children', f('meta.author.name', '==', 'Alice'), d(1, 5)),
  c('eq-nested-deep', 'three levels deep', f('meta.author.address.city', '==', 'Paris'), d(10)),
  c('eq-unicode', 'non-ASCII strings', f('meta.author.name', '==', 'Ünal'), d(3)),
  c('eq-emoji', 'emoji strings', f('meta.lang', '==', '🚀'), d(6)),
  c('eq-unicode-nfc', 'precomposed ë', f('meta.author.name', '==', 'Zoë'), d(15)),
  c('eq-unicode-nfd', 'decomposed e + U+0308 is another string (no normalization)', f('meta.author.name', '==', 'Zoe\u0308'), []),
  c('eq-list-value', 'a list never equals a scalar; the string "animals" does', f('meta.tags', '==', 'animals'), d(6)),
  c('eq-object-value', 'an object never equals a scalar', f('meta.author', '==', 'Alice'), d(6)),
  c('eq-path-through-list', 'a path through a list is missing (no array indexing)', f('meta.tags.0', '==', 'animals'), []),
  c('eq-missing-field', 'a field no document has', f('meta.doesNotExist', '==', 'x'), []),
  c('eq-id', 'id field', f('id', '==', 'doc-03'), d(3)),
  c('eq-content-empty', 'content field, empty string', f('content', '==', ''), d(7)),
  c('eq-content', 'content field', f('content', '==', 'Lazy dogs sleep all day'), d(2)),
  c('eq-content-rtl', 'right-to-left content', f('content', '==', 'مرحبا بالعالم'), d(5)),
  c('eq-date-is-string-equality', '== compares date strings, not instants', f('meta.date', '==', '2024-01-01T00:00:00Z'), d(1)),
  // ---- != ---------------------------------------------------------------------------------
  c(
    'ne-string',
    '!= is the negation of == (matches missing, null, lists)',
    f('meta.category', '!=', 'news'),
    allBut(1, 3, 6, 9, 13),
  ),
  c('ne-number', '!= number', f('meta.year', '!=', 2020), allBut(1)),
  c('ne-null', '!= null excludes null and missing only', f('meta.category', '!=', null), allBut(7, 8)),
  c('ne-null-lists', 'lists (even empty ones) are not null', f('meta.tags', '!=', null), d(1, 2, 6, 10, 11, 15)),
  c('ne-bool', '!= true', f('meta.published', '!=', true), allBut(1, 3, 6, 15)),
  c('ne-nested', '!= on a nested field', f('meta.author.name', '!=', 'Alice'), allBut(1, 5)),
  c('ne-missing-field', '!= on a field no document has matches everything', f('meta.doesNotExist', '!=', 'x'), allBut()),
  c('ne-path-through-list', '!= through a list matches everything', f('meta.tags.0', '!=', 'animals'), allBut()),
  c('ne-id', '!= id', f('id', '!=', 'doc-01'), allBut(1)),
  c('ne-content', '!= content', f('content', '!=', ''), allBut(7)),
  // ---- > >= < <= on numbers ----------------------------------------------------------------
  c('gt-number', '> number: numbers only', f('meta.year', '>', 2020), d(2, 5, 10, 13, 14, 15)),
  c('gte-number', '>= number', f('meta.year', '>=', 2020), d(1, 2, 5, 10, 13, 14, 15)),
  c('lt-number-zero', '< 0 with negative int and float', f('meta.year', '<', 0), d(4, 16)),
  c('lte-number-zero', '<= 0', f('meta.year', '<=', 0), d(3, 4, 16)),
  c('gt-float', '> float (not the string "4.5")', f('meta.rating', '>', 2.25), d(1, 2, 11, 13, 15)),
  c('lt-float', '< small float', f('meta.rating', '<', 0.01), d(3, 4, 12, 16)),
  c(
    'gte-negative-float',
    '>= negative float matches every number',
    f('meta.rating', '>=', -1.5),
    d(1, 2, 3, 4, 5, 11, 12, 13, 15, 16),
  ),
  c('gt-number-mixed-field', '> number skips "1", true and "true"', f('meta.code', '>', 0), d(1, 3)),
  c('gte-number-bool', '>= 0 skips false and true', f('meta.code', '>=', 0), d(1, 3, 15)),
  c('gt-number-string-field', '> number on a string field matches nothing', f('meta.category', '>', 1), []),
  c('lte-null-value', 'an ordering against null matches nothing (as in Haystack)', f('meta.year', '<=', null), []),
  c('gt-null-value-not', 'NOT of an ordering against null matches everything', not(f('meta.year', '>', null)), d(...ALL)),
  c('lt-number-null-field', '< on null / missing / non-numeric values matches nothing', f('meta.note', '<', 1), []),
  c('gt-number-id', 'ids are strings, never numbers', f('id', '>', 1), []),
  c('gt-number-date-field', 'ISO date strings are not numbers', f('meta.date', '>', 0), []),
  // ---- > >= < <= on ISO dates --------------------------------------------------------------
  c('gt-date', '> date compares instants', f('meta.date', '>', '2024-01-01T00:00:00Z'), d(5, 10, 14)),
  c(
    'gte-date',
    '>= date: equal instants written differently match',
    f('meta.date', '>=', '2024-01-01T00:00:00Z'),
    d(1, 5, 9, 10, 13, 14, 16),
  ),
  c('lt-date', '< date, offsets converted', f('meta.date', '<', '2024-01-01T00:00:00Z'), d(2, 3, 4, 15)),
  c(
    'lt-date-across-offsets',
    '2024-01-01T00:00:00+02:00 is before 2023-12-31T23:00:00Z',
    f('meta.date', '<', '2023-12-31T23:00:00Z'),
    d(2, 4, 15),
  ),
  c(
    'lte-date-offset-value',
    '<= with an offset in the filter value',
    f('meta.date', '<=', '2024-01-01T01:00:00+01:00'),
    d(1, 2, 3, 4, 9, 13, 15, 16),
  ),
  c(
    'gt-date-only-value',
    '> a date without time (midnight UTC)',
    f('meta.date', '>', '2023-12-31'),
    d(1, 2, 3, 5, 9, 10, 13, 14, 16),
  ),
  c('gte-date-millis', '>= with fractional seconds', f('meta.date', '>=', '2024-06-15T12:30:00.5Z'), d(5, 10)),
  c(
    'lt-date-millis',
    '< with fractional seconds',
    f('meta.date', '<', '2024-06-15T12:30:00.500Z'),
    d(1, 2, 3, 4, 9, 13, 14, 15, 16),
  ),
  c(
    'lt-date-negative-offset',
    '-05:00 offset in a document (a string comparison would match doc-10)',
    f('meta.date', '<', '2025-03-01T14:59:59Z'),
    d(1, 2, 3, 4, 5, 9, 13, 14, 15, 16),
  ),
  c(
    'gt-date-impossible-day',
    'an impossible day (2023-02-29) is not a date; leap days are',
    f('meta.due', '>', '2023-01-01'),
    d(1, 9),
  ),
  c('lt-date-leap-day', '< across a leap day', f('meta.due', '<', '2024-02-29T12:00:01Z'), d(1, 9)),
  c('eq-impossible-day-string', '== compares strings, even impossible dates', f('meta.due', '==', '2023-02-29'), d(6)),
  c('gt-date-number-field', 'numbers and numeric strings are not dates', f('meta.year', '>', '2000-01-01'), []),
  c('gt-date-content', 'ordinary strings are not dates', f('content', '<', '2999-01-01'), []),
  // ---- in / not in -------------------------------------------------------------------------
  c('in-strings', 'in: equality against any item', f('meta.category', 'in', ['news', 'blog']), d(1, 2, 3, 6, 9, 13, 15)),
  c('in-mixed-types', 'in with mixed types keeps strict equality', f('meta.code', 'in', [1, 'true', false]), d(1, 9, 16)),
  c('in-with-null', 'in with null matches null and missing', f('meta.lang', 'in', ['fr', null]), d(7, 8, 10, 11, 12, 15)),
  c('in-numbers', 'in with ints, floats and negatives', f('meta.year', 'in', [2020.5, 0, -50]), d(3, 4, 5)),
  c('in-bool', 'in with a boolean', f('meta.published', 'in', [true]), d(1, 3, 6, 15)),
  c('in-empty', 'in [] matches nothing', f('meta.category', 'in', []), []),
  c('in-id', 'in on ids (unknown ids ignored)', f('id', 'in', ['doc-01', 'doc-16', 'nope']), d(1, 16)),
  c('in-content', 'in on content', f('content', 'in', ['', 'Null values everywhere']), d(7, 8)),
  c('in-nested', 'in on a nested field', f('meta.author.name', 'in', ['Alice', 'Bob']), d(1, 2, 5)),
  c('in-list-value', 'lists never equal an item', f('meta.tags', 'in', ['fast', 'animals']), d(6)),
  c(
    'not-in-strings',
    'not in is the negation of in',
    f('meta.category', 'not in', ['news', 'blog']),
    d(4, 5, 7, 8, 10, 11, 12, 14, 16),
  ),
  c(
    'not-in-with-null',
    'not in with null excludes null and missing',
    f('meta.lang', 'not in', ['en', null]),
    d(3, 4, 5, 6, 10, 14, 15, 16),
  ),
  c('not-in-empty', 'not in [] matches everything', f('meta.category', 'not in', []), allBut()),
  c('not-in-nested', 'not in on a nested field matches missing', f('meta.author.name', 'not in', ['Alice']), allBut(1, 5)),
  c('not-in-mixed-types', 'not in with mixed types', f('meta.code', 'not in', ['1', 2, true, null]), d(1, 9, 15, 16)),
  // ---- AND / OR / NOT ----------------------------------------------------------------------
  c('and', 'AND of two comparisons', and(f('meta.category', '==', 'news'), f('meta.year', '>=', 2020)), d(1, 13)),
  c('or', 'OR of two comparisons', or(f('meta.lang', '==', 'de'), f('meta.year', '<', 0)), d(3, 4, 16)),
  c('not', 'NOT of one comparison', not(f('meta.category', '==', 'news')), allBut(1, 3, 6, 9, 13)),
  c(
    'not-is-nand',
    'NOT negates the AND of its conditions',
    not(f('meta.published', '==', true), f('meta.lang', '==', 'en')),
    allBut(1),
  ),
  c(
    'not-of-or',
    'NOT of an OR',
    not(or(f('meta.lang', '==', 'en'), f('meta.lang', '==', 'fr'))),
    d(3, 4, 5, 6, 7, 8, 11, 12, 14, 16),
  ),
  c(
    'not-of-ordering',
    'NOT (>) matches missing, null and non-numbers',
    not(f('meta.year', '>', 2000)),
    d(3, 4, 6, 7, 8, 9, 11, 12, 16),
  ),
  c('not-of-in-null', 'NOT of in with null', not(f('meta.author.name', 'in', ['Alice', null])), d(2, 3, 10, 11, 15)),
  c('double-not', 'NOT NOT x is x', not(not(f('meta.published', '==', true))), d(1, 3, 6, 15)),
  c('and-empty', 'AND [] matches everything', and(), allBut()),
  c('or-empty', 'OR [] matches nothing', or(), []),
  c('not-empty', 'NOT [] is NOT (AND []) and matches nothing', not(), []),
  c('and-not-or-empty', 'NOT (OR []) is true', and(not(or()), f('meta.category', '==', 'archive')), d(4)),
  c(
    'or-missing-fields',
    'OR where one side is on a missing field',
    or(f('meta.note', '==', 'x'), f('meta.doesNotExist', '==', 1)),
    d(5),
  ),
  c(
    'nested-3-levels',
    'AND of OR, NOT(OR) and != (three levels)',
    and(
      or(f('meta.category', '==', 'news'), f('meta.category', '==', 'blog')),
      not(or(f('meta.year', '<', 2000), f('meta.published', '==', false))),
      f('meta.author.name', '!=', 'Bob'),
    ),
    d(1, 9, 15),
  ),
  c(
    'nested-4-levels',
    'OR of ANDs with NOT NOT inside (four levels)',
    or(
      and(not(f('meta.lang', '==', 'en')), f('meta.rating', '>', 4)),
      and(or(f('id', '==', 'doc-07'), f('id', '==', 'doc-08')), not(not(f('content', '==', '')))),
    ),
    d(7, 11, 15),
  ),
  c(
    'nested-dates-and-numbers',
    'date range AND NOT in, inside OR',
    or(
      and(f('meta.date', '>=', '2023-12-31T22:00:00Z'), f('meta.date', '<', '2024-01-01T00:00:00Z')),
      and(f('meta.year', '>', 3000), not(f('meta.lang', 'in', ['de', 'ja']))),
    ),
    d(2, 3, 13),
  ),
];

/** Filters every store must reject with `FilterError`. */
export const INVALID_FILTER_CASES: readonly InvalidFilterCase[] = [
  bad('invalid-operator', 'unknown comparison operator', { field: 'meta.year', operator: '~', value: 1 }),
  bad('invalid-logical-operator', 'unknown logical operator', { operator: 'XOR', conditions: [] }),
  bad('invalid-in-scalar', '"in" with a scalar', { field: 'meta.category', operator: 'in', value: 'news' }),
  bad('invalid-not-in-scalar', '"not in" with a scalar', { field: 'meta.code', operator: 'not in', value: 1 }),
  bad('invalid-gt-boolean', '">" with a boolean', { field: 'meta.published', operator: '>', value: true }),
  bad('invalid-gt-string', '">" with a non-date string', { field: 'meta.category', operator: '>', value: 'news' }),
  bad('invalid-gt-list', '">" with a list', { field: 'meta.year', operator: '>', value: [1] }),
  bad('invalid-eq-list', '"==" with a list', { field: 'meta.tags', operator: '==', value: ['fast'] }),
  bad('invalid-gt-bad-date', '">" with an impossible date', { field: 'meta.date', operator: '>', value: '2023-02-29' }),
  bad('invalid-field-no-prefix', 'field without "meta."', { field: 'year', operator: '==', value: 2020 }),
  bad('invalid-field-empty-key', 'empty meta key', { field: 'meta.author..name', operator: '==', value: 1 }),
  bad('invalid-missing-value', 'comparison without value', { field: 'meta.year', operator: '==' }),
  bad('invalid-conditions', '"conditions" is not a list', { operator: 'AND', conditions: { field: 'id' } }),
  bad('invalid-not-object', 'a string instead of a filter', 'meta.year == 2020'),
  bad('invalid-nested', 'an invalid node deep inside a valid tree', {
    operator: 'OR',
    conditions: [{ operator: 'NOT', conditions: [{ field: 'meta.x', operator: '<', value: 'abc' }] }],
  }),
];
