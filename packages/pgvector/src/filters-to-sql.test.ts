import { FILTER_CASES, INVALID_FILTER_CASES } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { filterToSql, isoMillisSql, SqlParams } from './filters-to-sql.js';

const compile = (filter: unknown, alias?: string, metaNotNull?: boolean) => {
  const params = new SqlParams();
  const sql = filterToSql(filter, params, { ...(alias ? { alias } : {}), ...(metaNotNull ? { metaNotNull } : {}) });
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

  it('typed equality on meta is one containment test with the path and value as a JSON parameter', () => {
    const { sql, params } = compile({ field: 'meta.year', operator: '==', value: 2020 });
    expect(sql).toBe(`COALESCE("meta" @> $1::text::jsonb, FALSE)`);
    expect(params).toEqual(['{"year":2020}']);
    expect(compile({ field: 'meta.year', operator: '==', value: '2020' }).params).toEqual(['{"year":"2020"}']);
  });

  it('on a NOT NULL meta column equality is a bare (indexable) containment test', () => {
    expect(compile({ field: 'meta.year', operator: '==', value: 2020 }, 'd', true).sql).toBe(`("d"."meta" @> $1::text::jsonb)`);
    expect(compile({ field: 'meta.year', operator: '!=', value: 2020 }, 'd', true).sql).toBe(
      `(NOT ("d"."meta" @> $1::text::jsonb))`,
    );
  });

  it('nested meta paths nest the containment document and honor the alias', () => {
    const { sql, params } = compile({ field: 'meta.author.address.city', operator: '!=', value: 'Zürich' }, 'd');
    expect(sql).toBe(`(NOT COALESCE("d"."meta" @> $1::text::jsonb, FALSE))`);
    expect(params).toEqual(['{"author":{"address":{"city":"Zürich"}}}']);
  });

  it('other meta operators chain -> with keys as parameters (never indexing into arrays)', () => {
    const { sql, params } = compile({ field: 'meta.author.age', operator: '>', value: 30 }, 'd');
    expect(sql).toContain(`"d"."meta" -> $1::text -> $2::text`);
    expect(params).toEqual(['author', 'age', '30']);
  });

  it('keys that look like SQL or JSON syntax stay inside the JSON parameter', () => {
    const key = `x'; DROP TABLE documents; --"}`;
    const { sql, params } = compile({ field: `meta.${key}`, operator: '==', value: '__proto__' });
    expect(sql).toBe(`COALESCE("meta" @> $1::text::jsonb, FALSE)`);
    expect(JSON.parse(params[0] as string)).toEqual({ [key]: '__proto__' });
    const proto = compile({ field: 'meta.__proto__.a', operator: '==', value: 1 });
    expect(proto.params).toEqual(['{"__proto__":{"a":1}}']);
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

  it('short in / not in lists become one containment test per value (null handled separately)', () => {
    const { sql, params } = compile({ field: 'meta.code', operator: 'not in', value: [1, '1', null] });
    expect(params).toEqual(['{"code":1}', '{"code":"1"}', 'code']);
    expect(sql).toBe(
      `(NOT (COALESCE("meta" @> $1::text::jsonb, FALSE) OR COALESCE("meta" @> $2::text::jsonb, FALSE) OR (("meta" -> $3::text) IS NULL OR ("meta" -> $3::text) = 'null'::jsonb)))`,
    );
    expect(compile({ field: 'meta.code', operator: 'in', value: [] }).sql).toBe('FALSE');
  });

  it('long in lists pass the whole list as one JSON parameter', () => {
    const values = Array.from({ length: 17 }, (_, i) => i);
    const { sql, params } = compile({ field: 'meta.code', operator: 'in', value: values });
    expect(params).toEqual(['code', JSON.stringify(values)]);
    expect(sql).toBe(`COALESCE(("meta" -> $1::text) IN (SELECT jsonb_array_elements($2::text::jsonb)), FALSE)`);
    expect(compile({ field: 'meta.code', operator: 'in', value: values.slice(0, 16) }).params).toHaveLength(16);
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
    const docs = params.filter((p) => typeof p === 'string' && p.startsWith('{')).map((p) => JSON.parse(p as string));
    expect(docs).toEqual([{ [evil]: evil }, { 'a"b': evil }, { 'a"b': `"); DELETE FROM x; --` }]);
  });

  it('no conformance filter case pastes a value: other values of the same kind give the same SQL text', () => {
    // A value pasted into the SQL would change the text; parameters change instead. Kinds are kept
    // (ISO dates stay dates, list lengths stay) because they may choose another SQL form.
    const other = (v: unknown): unknown => {
      if (typeof v === 'number') return v + 7;
      if (typeof v === 'boolean') return !v;
      if (typeof v === 'string') return /^\d{4}-\d\d-\d\d/.test(v) ? `1${v.slice(1)}` : `${v}q'"`;
      if (Array.isArray(v)) return v.map(other);
      return v;
    };
    const mutate = (f: unknown): unknown => {
      if (f === null || typeof f !== 'object') return f;
      const node = f as Record<string, unknown>;
      if (Array.isArray(node.conditions)) return { ...node, conditions: node.conditions.map(mutate) };
      return 'value' in node ? { ...node, value: other(node.value) } : node;
    };
    for (const c of FILTER_CASES) {
      const a = compile(c.filter);
      const b = compile(mutate(c.filter));
      expect(b.sql, c.id).toBe(a.sql);
      expect(b.params.length, c.id).toBe(a.params.length);
      const valuesChanged = JSON.stringify(mutate(c.filter)) !== JSON.stringify(c.filter);
      if (valuesChanged && a.params.length > 0) expect(b.params, c.id).not.toEqual(a.params);
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
