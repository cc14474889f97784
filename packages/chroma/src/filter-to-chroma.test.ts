import { type Filter, FilterError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { escapeRegex, filterToChroma } from './filter-to-chroma.js';
import { contentHash } from './metadata-codec.js';

const f = (field: string, operator: string, value: unknown): Filter => ({ field, operator, value }) as Filter;
const KINDS = ['s', 'd', 'n', 'b', 'l', 'o'];

describe('filterToChroma: comparisons on metadata', () => {
  it('no filter → no restriction', () => {
    expect(filterToChroma(undefined)).toEqual({ matchesNothing: false, requiresSynapseRecords: false });
  });

  it('== / != on strings, integers and booleans map to $eq / $ne', () => {
    expect(filterToChroma(f('meta.a', '==', 'x')).where).toEqual({ a: { $eq: 'x' } });
    expect(filterToChroma(f('meta.a', '!=', 'x')).where).toEqual({ a: { $ne: 'x' } });
    expect(filterToChroma(f('meta.a', '==', 3)).where).toEqual({ a: { $eq: 3 } });
    expect(filterToChroma(f('meta.a', '==', false)).where).toEqual({ a: { $eq: false } });
    expect(filterToChroma(f('meta.a', '!=', true)).where).toEqual({ a: { $ne: true } });
    expect(filterToChroma(f('meta.a', '==', 'x')).requiresSynapseRecords).toBe(false);
  });

  it('non-integer numbers are rewritten around Chroma truncating them against integer metadata', () => {
    expect(filterToChroma(f('meta.a', '==', 1.5)).where).toEqual({ $and: [{ a: { $eq: 1.5 } }, { a: { $ne: 1 } }] });
    expect(filterToChroma(f('meta.a', '!=', -1.5)).where).toEqual({ $or: [{ a: { $ne: -1.5 } }, { a: { $eq: -1 } }] });
    expect(filterToChroma(f('meta.a', '>', 1.5)).where).toEqual({ $or: [{ a: { $gt: 1.5 } }, { a: { $gte: 2 } }] });
    expect(filterToChroma(f('meta.a', '>=', 1.5)).where).toEqual({ $and: [{ a: { $gte: 1.5 } }, { a: { $ne: 1 } }] });
    expect(filterToChroma(f('meta.a', '<', -1.5)).where).toEqual({ $or: [{ a: { $lt: -1.5 } }, { a: { $lte: -2 } }] });
    expect(filterToChroma(f('meta.a', '<=', -1.5)).where).toEqual({ $and: [{ a: { $lte: -1.5 } }, { a: { $ne: -1 } }] });
    expect(filterToChroma(f('meta.a', '>', 7)).where).toEqual({ a: { $gt: 7 } });
  });

  it('strings that look encoded are escaped like stored values', () => {
    expect(filterToChroma(f('meta.a', '==', 'synapse:json:null')).where).toEqual({ a: { $eq: 'synapse:str:synapse:json:null' } });
  });

  it('nested paths address flattened keys; dots and backslashes are escaped; reserved prefixes renamed', () => {
    expect(filterToChroma(f('meta.author.name', '==', 'A')).where).toEqual({ 'author.name': { $eq: 'A' } });
    expect(filterToChroma(f('meta.a\\b.c', '==', 1)).where).toEqual({ 'a\\\\b.c': { $eq: 1 } });
    expect(filterToChroma(f('meta.chroma:x', '==', 1)).where).toEqual({ 'synapse:key:chroma:x': { $eq: 1 } });
  });

  it('null tests use the type shadow key (no $exists in Chroma)', () => {
    const eq = filterToChroma(f('meta.a.b', '==', null));
    expect(eq.where).toEqual({ 'synapse:type:a.b': { $nin: KINDS } });
    expect(eq.requiresSynapseRecords).toBe(true);
    expect(filterToChroma(f('meta.a', '!=', null)).where).toEqual({ 'synapse:type:a': { $in: KINDS } });
  });

  it('in / not in group operands by type (Chroma wants one type per list) and handle null', () => {
    expect(filterToChroma(f('meta.a', 'in', ['x', 1, true, 'y'])).where).toEqual({
      $or: [{ a: { $in: ['x', 'y'] } }, { a: { $in: [true] } }, { a: { $in: [1] } }],
    });
    expect(filterToChroma(f('meta.a', 'not in', ['x', 2.5, null])).where).toEqual({
      $and: [
        { a: { $nin: ['x'] } },
        { $or: [{ a: { $nin: [2.5] } }, { a: { $in: [2] } }] },
        { 'synapse:type:a': { $in: KINDS } },
      ],
    });
    expect(filterToChroma(f('meta.a', 'in', [null])).where).toEqual({ 'synapse:type:a': { $nin: KINDS } });
    expect(filterToChroma(f('meta.a', 'in', []))).toMatchObject({ matchesNothing: true });
    expect(filterToChroma(f('meta.a', 'not in', []))).toEqual({ matchesNothing: false, requiresSynapseRecords: false });
  });

  it('date orderings use the epoch-ms shadow key, with offsets applied', () => {
    expect(filterToChroma(f('meta.d', '>=', '2024-01-01T01:00:00+01:00')).where).toEqual({
      'synapse:date:d': { $gte: Date.UTC(2024, 0, 1) },
    });
  });

  it('NOT over an ordering becomes "other kind, or the opposite ordering"', () => {
    expect(filterToChroma({ operator: 'NOT', conditions: [f('meta.y', '>', 2000)] }).where).toEqual({
      $or: [{ 'synapse:type:y': { $ne: 'n' } }, { y: { $lte: 2000 } }],
    });
    expect(filterToChroma({ operator: 'NOT', conditions: [f('meta.d', '<', '2024-01-01')] }).where).toEqual({
      $or: [{ 'synapse:type:d': { $ne: 'd' } }, { 'synapse:date:d': { $gte: Date.UTC(2024, 0, 1) } }],
    });
  });
});

describe('filterToChroma: id and content', () => {
  it('positive id conditions use the ids parameter; content uses anchored regexes', () => {
    expect(filterToChroma(f('id', '==', 'a'))).toEqual({ ids: ['a'], matchesNothing: false, requiresSynapseRecords: false });
    expect(filterToChroma(f('id', 'in', ['a', 'b', 3])).ids).toEqual(['a', 'b']);
    expect(filterToChroma(f('content', '==', 'a.b (c)')).whereDocument).toEqual({ $regex: '^a\\.b \\(c\\)$' });
    expect(filterToChroma(f('content', '!=', '')).whereDocument).toEqual({ $not_regex: '^$' });
    expect(filterToChroma(f('content', 'in', ['x', 'y'])).whereDocument).toEqual({ $regex: '^(?:x|y)$' });
  });

  it('AND at the top combines where, whereDocument and ids; ids intersect', () => {
    const out = filterToChroma({
      operator: 'AND',
      conditions: [f('id', 'in', ['a', 'b']), f('id', 'in', ['b', 'c']), f('content', '==', 'x'), f('meta.k', '==', 1)],
    });
    expect(out).toEqual({
      ids: ['b'],
      whereDocument: { $regex: '^x$' },
      where: { k: { $eq: 1 } },
      matchesNothing: false,
      requiresSynapseRecords: false,
    });
    expect(filterToChroma({ operator: 'AND', conditions: [f('id', '==', 'a'), f('id', '==', 'b')] }).matchesNothing).toBe(true);
  });

  it('id / content inside OR with metadata, or negated, fall back to the id / content-hash shadow keys', () => {
    const out = filterToChroma({ operator: 'OR', conditions: [f('id', '==', 'a'), f('meta.k', '==', 1)] });
    expect(out.where).toEqual({ $or: [{ 'synapse:id': { $eq: 'a' } }, { k: { $eq: 1 } }] });
    expect(out.requiresSynapseRecords).toBe(true);
    expect(filterToChroma(f('id', '!=', 'a')).where).toEqual({ 'synapse:id': { $ne: 'a' } });
    const content = filterToChroma({ operator: 'OR', conditions: [f('content', '==', 'x'), f('meta.k', '==', 1)] });
    expect(content.where).toEqual({ $or: [{ 'synapse:content': { $eq: contentHash('x') } }, { k: { $eq: 1 } }] });
  });

  it('constants: numbers never equal ids or content; null never matches them', () => {
    expect(filterToChroma(f('id', '==', 5)).matchesNothing).toBe(true);
    expect(filterToChroma(f('content', '==', null)).matchesNothing).toBe(true);
    expect(filterToChroma(f('content', '!=', null))).toEqual({ matchesNothing: false, requiresSynapseRecords: false });
    expect(filterToChroma(f('id', '>', 1)).matchesNothing).toBe(true);
    expect(filterToChroma({ operator: 'NOT', conditions: [f('content', '<', 3)] }).matchesNothing).toBe(false);
  });

  it('date ordering on content uses the content date shadow', () => {
    expect(filterToChroma(f('content', '<', '2999-01-01')).where).toEqual({
      'synapse:date#content': { $lt: Date.UTC(2999, 0, 1) },
    });
  });
});

describe('filterToChroma: logic', () => {
  it('AND [] is everything, OR [] and NOT [] nothing', () => {
    expect(filterToChroma({ operator: 'AND', conditions: [] }).matchesNothing).toBe(false);
    expect(filterToChroma({ operator: 'OR', conditions: [] }).matchesNothing).toBe(true);
    expect(filterToChroma({ operator: 'NOT', conditions: [] }).matchesNothing).toBe(true);
  });

  it('single-condition logical nodes are unwrapped (Chroma needs ≥ 2 operands)', () => {
    expect(filterToChroma({ operator: 'OR', conditions: [f('meta.a', '==', 1)] }).where).toEqual({ a: { $eq: 1 } });
  });

  it('NOT pushes negation down with De Morgan (NOT negates the AND of its conditions)', () => {
    expect(filterToChroma({ operator: 'NOT', conditions: [f('meta.a', '==', 1), f('meta.b', 'in', ['x'])] }).where).toEqual({
      $or: [{ a: { $ne: 1 } }, { b: { $nin: ['x'] } }],
    });
    expect(
      filterToChroma({ operator: 'NOT', conditions: [{ operator: 'NOT', conditions: [f('meta.a', '==', 1)] }] }).where,
    ).toEqual({ a: { $eq: 1 } });
  });

  it('constant branches fold away', () => {
    const out = filterToChroma({ operator: 'OR', conditions: [f('meta.a', 'in', []), f('meta.b', '==', 2)] });
    expect(out.where).toEqual({ b: { $eq: 2 } });
    expect(
      filterToChroma({ operator: 'OR', conditions: [f('meta.a', 'not in', []), f('meta.b', '==', 2)] }).where,
    ).toBeUndefined();
  });

  it('invalid filters raise FilterError with a path', () => {
    expect(() => filterToChroma(f('meta.a', '>', 'abc'))).toThrow(FilterError);
    expect(() => filterToChroma({ operator: 'AND', conditions: [f('year', '==', 1)] })).toThrow(/conditions\[0\]/);
  });
});

describe('escapeRegex', () => {
  it('escapes every regex metacharacter so the pattern matches itself', () => {
    const text = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    const escaped = escapeRegex(text);
    expect(new RegExp(`^${escaped}$`).test(text)).toBe(true);
    expect(new RegExp(`^${escaped}$`).test(text.replace('.', 'X'))).toBe(false);
  });
});
