import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilterError } from '../errors.js';
import { isIsoDate, parseIsoDate } from './iso-date.js';
import { parseField, validateFilter, validateOptionalFilter } from './validate-filter.js';

function errorOf(filter: unknown): FilterError {
  try {
    validateFilter(filter);
  } catch (err) {
    expect(err).toBeInstanceOf(FilterError);
    return err as FilterError;
  }
  throw new Error('expected a FilterError');
}

describe('validateFilter', () => {
  it('returns a fresh copy of a valid filter', () => {
    const filter = {
      operator: 'OR',
      conditions: [
        { field: 'meta.tags', operator: 'in', value: ['a', 1, true, null] },
        { field: 'meta.date', operator: '>=', value: '2024-01-01T00:00:00+02:00' },
        { operator: 'NOT', conditions: [] },
      ],
    };
    const copy = validateFilter(filter);
    expect(copy).toEqual(filter);
    expect(copy).not.toBe(filter);
    (filter.conditions[0] as { value: unknown[] }).value.push('x');
    expect((copy as { conditions: Array<{ value?: unknown[] }> }).conditions[0]!.value).toEqual(['a', 1, true, null]);
  });

  it.each([
    [{ field: 'meta.x', operator: '~', value: 1 }, '$.operator', /unknown comparison operator "~"/],
    [{ operator: 'XOR', conditions: [] }, '$.operator', /unknown logical operator "XOR"/],
    [{ operator: 'AND', conditions: 'x' }, '$.conditions', /must be a list/],
    [{ field: 'meta.x', operator: 'in', value: 'a' }, '$.value', /needs a list value, got the string "a"/],
    [{ field: 'meta.x', operator: 'in', value: [1, { a: 1 }] }, '$.value[1]', /list items must be/],
    [{ field: 'meta.x', operator: 'in', value: [Number.NaN] }, '$.value[0]', /got NaN/],
    [{ field: 'meta.x', operator: '>', value: true }, '$.value', /numbers or ISO 8601 dates only; got boolean/],
    [{ field: 'meta.x', operator: '<', value: 'soon' }, '$.value', /got the string "soon"/],
    [{ field: 'meta.x', operator: '<', value: Number.POSITIVE_INFINITY }, '$.value', /got Infinity/],
    [{ field: 'meta.x', operator: '==', value: [1] }, '$.value', /got a list/],
    [{ field: 'meta.x', operator: '==' }, '$', /needs a "value"/],
    [{ field: 'meta.x', operator: '==', value: 1, extra: 1 }, '$', /unexpected key\(s\) "extra"/],
    [{ field: 'year', operator: '==', value: 1 }, '$.field', /did you mean "meta.year"/],
    [{ field: 'meta.', operator: '==', value: 1 }, '$.field', /empty meta key/],
    [{ field: 7, operator: '==', value: 1 }, '$', /string "field"/],
    [null, '$', /expected a filter object, got null/],
    [[], '$', /got a list/],
    [{ operator: 'AND' }, '$', /a filter is either/],
  ])('rejects %j at %s', (filter, path, message) => {
    const error = errorOf(filter);
    expect(error.path).toBe(path);
    expect(error.code).toBe('FILTER_INVALID');
    expect(error.message).toMatch(message);
  });

  it('points into nested conditions', () => {
    const error = errorOf({
      operator: 'AND',
      conditions: [
        { field: 'id', operator: '==', value: 'a' },
        { operator: 'NOT', conditions: [{ field: 'meta.a', operator: '>', value: true }] },
      ],
    });
    expect(error.path).toBe('$.conditions[1].conditions[0].value');
  });

  it('validateOptionalFilter passes undefined and null through', () => {
    expect(validateOptionalFilter(undefined)).toBeUndefined();
    expect(validateOptionalFilter(null)).toBeUndefined();
    expect(() => validateOptionalFilter({})).toThrow(FilterError);
  });

  it('parseField splits meta paths', () => {
    expect(parseField('id')).toEqual({ kind: 'id' });
    expect(parseField('content')).toEqual({ kind: 'content' });
    expect(parseField('meta.a.b.c')).toEqual({ kind: 'meta', path: ['a', 'b', 'c'] });
    expect(() => parseField('embedding')).toThrow(FilterError);
  });
});

describe('ISO dates', () => {
  it.each([
    '2024-01-31',
    '2024-01-31T12:00',
    '2024-01-31T12:00:00',
    '2024-01-31T12:00:00.123Z',
    '2024-01-31 12:00:00+02:00',
    '2024-01-31T12:00:00-0530',
    '2024-01-31T12:00:00+02',
    '2024-02-29',
    '2000-02-29',
  ])('accepts %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each([
    '2024-1-31',
    '2024-01-31T',
    '2024-01-31T12',
    '2024-13-01',
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-01-31T25:00',
    '31/01/2024',
    '2024',
    '',
  ])('rejects %s', (s) => {
    expect(isIsoDate(s)).toBe(false);
    expect(Number.isNaN(parseIsoDate(s))).toBe(true);
  });

  it('reads offsets, and no offset as UTC', () => {
    const utc = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(parseIsoDate('2024-01-01')).toBe(utc);
    expect(parseIsoDate('2024-01-01T00:00')).toBe(utc);
    expect(parseIsoDate('2024-01-01T02:00:00+02:00')).toBe(utc);
    expect(parseIsoDate('2024-01-01T02:00:00+0200')).toBe(utc);
    expect(parseIsoDate('2024-01-01T02:00:00+02')).toBe(utc);
    expect(parseIsoDate('2023-12-31 19:00:00-05:00')).toBe(utc);
    expect(parseIsoDate('2024-01-01T00:00:00.250Z')).toBe(utc + 250);
  });

  it('agrees with Date.parse on every pattern-conforming string (property)', () => {
    // Reference: normalize to the form Date.parse accepts, and reject rolled-over days.
    const reference = (v: string): number => {
      let s = v.replace(' ', 'T');
      if (s.length === 10) s += 'T00:00:00Z';
      else if (!/(Z|[+-]\d{2}(:?\d{2})?)$/.test(s)) s += 'Z';
      else s = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
      const ms = Date.parse(s);
      const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
      return Number.isNaN(ms) ||
        new Date(Date.UTC(2000, m - 1, d)).getUTCDate() !== d ||
        (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)))
        ? Number.NaN
        : ms;
    };
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const offset = fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), two(25), fc.constantFrom('', ':'), fc.option(two(61)))
        .map(([sign, h, colon, m]) => sign + h + (m === null ? '' : colon + m)),
    );
    const time = fc
      .tuple(
        fc.constantFrom('T', ' '),
        two(25),
        two(61),
        fc.option(fc.tuple(two(61), fc.option(fc.stringMatching(/^[0-9]{1,7}$/)))),
        fc.option(offset),
      )
      .map(
        ([sep, h, m, sec, off]) =>
          `${sep}${h}:${m}${sec === null ? '' : `:${sec[0]}${sec[1] === null ? '' : `.${sec[1]}`}`}${off ?? ''}`,
      );
    const date = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two(13), two(32), fc.option(time))
      .map(([y, m, d, t]) => `${String(y).padStart(4, '0')}-${m}-${d}${t ?? ''}`);
    fc.assert(
      fc.property(date, (v) => {
        expect(parseIsoDate(v)).toBe(reference(v));
        expect(isIsoDate(v)).toBe(!Number.isNaN(reference(v)));
      }),
      { numRuns: 3000 },
    );
  });
});
