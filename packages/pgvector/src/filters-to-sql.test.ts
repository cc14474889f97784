import { FILTER_CASES, INVALID_FILTER_CASES } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { filterToSql, isoMillisSql, SqlParams } from './filters-to-sql.js';

const compile = (filter: unknown, alias?: string) => {
  const params = new SqlParams();
  const sql = filterToSql(filter, params, alias ? { alias } : {});
  return { sql, params: params.values };
};

describe('filterToSql (no database)', () => {
  it('no filter is TRUE with no parameters', () => {
    expect(compile(undefined)).toEqual({ sql: 'TRUE', params: [] });
    expect(compile(null)).toEqual({ sql: 'TRUE', params: [] });
  });

  it('empty AND / OR / NOT', () => {
    expect(compile({ operator: 'AND', conditions: [] }).sql).toBe('TRUE');
    expect(compile({ operator: 'OR', conditions: [] }).sql).toBe('FALSE');
    expect(compile({ operator: 'NOT', conditions: [] }).sql).toBe('FALSE');
  });

  it('typed equality on meta passes the value as JSON text and the key as a parameter', () => {
    const { sql, params } = compile({ field: 'meta.year', operator: '==', value: 2020 });
    expect(sql).toBe(`COALESCE(("meta" -> $1::text) = $2::text::jsonb, FALSE)`);
    expect(params).toEqual(['year', '2020']);
    expect(compile({ field: 'meta.year', operator: '==', value: '2020' }).params).toEqual(['year', '"2020"']);
  });

  it('nested meta paths chain -> (never index into arrays) and honour the alias', () => {
    const { sql, params } = compile({ field: 'meta.author.address.city', operator: '!=', value: 'Zürich' }, 'd');
    expect(sql).toContain(`"d"."meta" -> $1::text -> $2::text -> $3::text`);
    expect(sql.startsWith('(NOT ')).toBe(true);
    expect(params).toEqual(['author', 'address', 'city', '"Zürich"']);
  });

  it('== null matches missing or JSON null', () => {
    expect(compile({ field: 'meta.note', operator: '==', value: null }).sql).toBe(
      `(("meta" -> $1::text) IS NULL OR ("meta" -> $1::text) = 'null'::jsonb)`,
    );
  });

  it('id/content compare as text; non-strings never match', () => {
    expect(compile({ field: 'id', operator: '==', value: 'a' })).toEqual({ sql: '("id" = $1::text)', params: ['a'] });
    expect(compile({ field: 'content', operator: '==', value: 1 }).sql).toBe('FALSE');
    expect(compile({ field: 'id', operator: '!=', value: null }).sql).toBe('(NOT FALSE)');
    expect(compile({ field: 'id', operator: 'in', value: ['a', 1, null] })).toEqual({
      sql: '("id" IN (SELECT jsonb_array_elements_text($1::text::jsonb)))',
      params: ['["a"]'],
    });
  });

  it('in / not in pass the whole list as one JSON parameter (null handled separately)', () => {
    const { sql, params } = compile({ field: 'meta.code', operator: 'not in', value: [1, '1', null] });
    expect(params).toEqual(['code', '[1,"1"]', 'code']);
    expect(sql.startsWith('(NOT (COALESCE(')).toBe(true);
    expect(compile({ field: 'meta.code', operator: 'in', value: [] }).sql).toBe('FALSE');
  });

  it('number ordering only for JSON numbers (CASE guards the cast)', () => {
    const { sql, params } = compile({ field: 'meta.rating', operator: '>=', value: 4.5 });
    expect(sql).toBe(
      `(CASE WHEN jsonb_typeof(("meta" -> $1::text)) = 'number' THEN (("meta" -> $1::text))::numeric >= $2::text::numeric ELSE FALSE END)`,
    );
    expect(params).toEqual(['rating', '4.5']);
    expect(compile({ field: 'id', operator: '>', value: 3 }).sql).toBe('FALSE');
  });

  it('date ordering compares epoch milliseconds computed from the ISO string (no tz → UTC)', () => {
    const { sql, params } = compile({ field: 'meta.date', operator: '<', value: '2024-01-01T01:00:00+01:00' });
    expect(params).toEqual([String(Date.UTC(2024, 0, 1)), 'date']);
    expect(sql).toContain('jsonb_typeof(("meta" -> $2::text)) = \'string\'');
    expect(sql).toContain('regexp_match(');
    expect(compile({ field: 'meta.date', operator: '<', value: '2024-01-01' }).params[0]).toBe(String(Date.UTC(2024, 0, 1)));
  });

  it('hostile field names and values only ever appear as parameters', () => {
    const evil = `x'; DROP TABLE documents; --`;
    const { sql, params } = compile({
      operator: 'OR',
      conditions: [
        { field: `meta.${evil}`, operator: '==', value: evil },
        { field: 'meta.a"b', operator: 'in', value: [evil, `"); DELETE FROM x; --`] },
        { field: 'content', operator: '==', value: evil },
      ],
    });
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('DELETE');
    expect(sql).not.toContain('a"b');
    expect(params).toContain(evil);
    expect(params).toContain('a"b');
  });

  it('every conformance filter case compiles (and never inlines a value)', () => {
    for (const c of FILTER_CASES) {
      const { sql, params } = compile(c.filter);
      expect(sql.length).toBeGreaterThan(0);
      for (const p of params) if (typeof p === 'string' && p.length > 3 && !/^[0-9.-]+$/.test(p)) expect(sql).not.toContain(p);
    }
  });

  it('malformed filters raise FilterError before any SQL is built', () => {
    for (const c of INVALID_FILTER_CASES) {
      expect(() => compile(c.filter), c.id).toThrow(expect.objectContaining({ code: 'FILTER_INVALID' }));
    }
  });

  it('isoMillisSql is a single parenthesised, parameter-free expression', () => {
    const sql = isoMillisSql('x');
    expect(sql.startsWith('(SELECT CASE WHEN')).toBe(true);
    expect(sql).not.toMatch(/\$\d/);
  });
});
