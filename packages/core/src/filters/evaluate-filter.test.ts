import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document, JsonValue, Meta } from '../document.js';
import { FilterError } from '../errors.js';
import { conformanceDocuments } from '../testing/conformance-fixture.js';
import { FILTER_CASES, INVALID_FILTER_CASES } from '../testing/filter-cases.js';
import { compileFilter, evaluateFilter } from './evaluate-filter.js';
import type { Filter, FilterScalar } from './filter-types.js';

const doc = (meta: Document['meta'], content = 'text', id = 'id-1'): Document => ({ id, content, meta });

describe('compileFilter', () => {
  it('matches every hand-written conformance case', () => {
    const corpus = conformanceDocuments();
    for (const c of FILTER_CASES) {
      const matches = compileFilter(c.filter);
      expect(
        corpus.filter(matches).map((d) => d.id),
        c.id,
      ).toEqual([...c.expectedIds].sort());
    }
  });

  it('rejects every invalid conformance filter with FilterError', () => {
    for (const c of INVALID_FILTER_CASES) expect(() => compileFilter(c.filter), c.id).toThrow(FilterError);
  });

  it('reports the path of the offending node', () => {
    const bad = {
      operator: 'AND',
      conditions: [
        { field: 'id', operator: '==', value: 'a' },
        { field: 'meta.x', operator: '>', value: true },
      ],
    };
    expect(() => compileFilter(bad)).toThrow(
      /at \$\.conditions\[1\]\.value: operator ">" compares numbers or ISO 8601 dates only/,
    );
  });

  it('does not resolve paths through the prototype chain', () => {
    const d = doc({ a: { b: 1 } });
    expect(evaluateFilter({ field: 'meta.constructor', operator: '==', value: null }, d)).toBe(true);
    expect(evaluateFilter({ field: 'meta.toString', operator: '!=', value: null }, d)).toBe(false);
    expect(evaluateFilter({ field: 'meta.a.hasOwnProperty', operator: '==', value: null }, d)).toBe(true);
    expect(evaluateFilter({ field: 'meta.a.b', operator: '==', value: 1 }, d)).toBe(true);
  });

  it('does not index into lists or strings', () => {
    const d = doc({ list: ['x', { y: 1 }], s: 'abc' });
    expect(evaluateFilter({ field: 'meta.list.0', operator: '==', value: 'x' }, d)).toBe(false);
    expect(evaluateFilter({ field: 'meta.list.1.y', operator: '==', value: 1 }, d)).toBe(false);
    expect(evaluateFilter({ field: 'meta.s.length', operator: '==', value: 3 }, d)).toBe(false);
    expect(evaluateFilter({ field: 'meta.list', operator: 'in', value: ['x'] }, d)).toBe(false);
  });

  it('compares ISO dates as instants and ignores non-dates and impossible dates', () => {
    const gt = compileFilter({ field: 'meta.d', operator: '>', value: '2024-01-01T00:00:00Z' });
    expect(gt(doc({ d: '2024-01-01 01:00:00+00:30' }))).toBe(true);
    expect(gt(doc({ d: '2024-01-01T01:00:00+0200' }))).toBe(false);
    expect(gt(doc({ d: '2024-01-01T00:00:00.001Z' }))).toBe(true);
    expect(gt(doc({ d: '2024-02-30' }))).toBe(false);
    expect(gt(doc({ d: 'tomorrow' }))).toBe(false);
    expect(gt(doc({ d: 1e15 }))).toBe(false);
  });

  it('is compiled once: mutating the filter afterwards changes nothing', () => {
    const filter = { field: 'meta.n', operator: 'in', value: [1, 2] } as Filter & { value: FilterScalar[] };
    const p = compileFilter(filter);
    filter.value.push(3);
    expect(p(doc({ n: 3 }))).toBe(false);
    expect(p(doc({ n: 2 }))).toBe(true);
  });

  it('NOT negates the AND of several conditions', () => {
    const p = compileFilter({
      operator: 'NOT',
      conditions: [
        { field: 'meta.a', operator: '==', value: 1 },
        { field: 'meta.b', operator: '==', value: 2 },
      ],
    });
    expect(p(doc({ a: 1, b: 2 }))).toBe(false);
    expect(p(doc({ a: 1, b: 3 }))).toBe(true);
    expect(p(doc({}))).toBe(true);
  });

  const jsonValue: fc.Arbitrary<JsonValue> = fc.oneof(
    fc.constantFrom<JsonValue>(0, 1, -1, 1.5, '', '1', 'a', true, false, null, '2024-01-01', [], {}),
    fc.array(fc.constantFrom<JsonValue>(1, 'a', null), { maxLength: 2 }),
  );
  const scalar = fc.constantFrom<FilterScalar>(0, 1, -1, 1.5, '', '1', 'a', true, false, null, '2024-01-01');
  const maybeMeta = fc.option(jsonValue, { nil: undefined }).map((v): Meta => (v === undefined ? {} : { f: v }));

  it('!= and not in are exact negations of == and in; NOT is the complement (property)', () => {
    fc.assert(
      fc.property(maybeMeta, scalar, fc.array(scalar, { maxLength: 4 }), (meta, value, list) => {
        const d = doc(meta);
        const field = 'meta.f';
        const eq = evaluateFilter({ field, operator: '==', value }, d);
        expect(evaluateFilter({ field, operator: '!=', value }, d)).toBe(!eq);
        expect(evaluateFilter({ operator: 'NOT', conditions: [{ field, operator: '==', value }] }, d)).toBe(!eq);
        const isIn = evaluateFilter({ field, operator: 'in', value: list }, d);
        expect(isIn).toBe(list.some((item) => evaluateFilter({ field, operator: '==', value: item }, d)));
        expect(evaluateFilter({ field, operator: 'not in', value: list }, d)).toBe(!isIn);
      }),
      { numRuns: 300 },
    );
  });

  it('ordering matches only same-kind values (property)', () => {
    fc.assert(
      fc.property(maybeMeta, fc.constantFrom(0, 1, -1, 1.5), (meta, value) => {
        const v = meta.f;
        const got = evaluateFilter({ field: 'meta.f', operator: '>=', value }, doc(meta));
        expect(got).toBe(typeof v === 'number' && v >= value);
      }),
      { numRuns: 200 },
    );
  });
});
