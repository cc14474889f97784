import { InvalidOptionsError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { convertLegacyRow } from './legacy-document.js';
import { migrationFingerprint, parseLegacyMapping } from './legacy-mapping.js';

const row = (over: Partial<{ id: string; content: unknown; metadata: unknown; columns: Record<string, unknown> }> = {}) => ({
  id: 'a',
  content: 'text',
  metadata: '{"tags":["x"],"title":"from json"}',
  columns: { title: 'T', created_at: '2024-01-01' },
  ...over,
});

describe('convertLegacyRow', () => {
  it('builds content and meta (metadata JSON, then the columns, which win)', () => {
    const c = convertLegacyRow(row(), [1, 2, 3], 3);
    expect(c).toEqual({
      ok: true,
      document: { id: 'a', content: 'text', meta: { tags: ['x'], title: 'T', created_at: '2024-01-01' }, embedding: [1, 2, 3] },
    });
  });

  it('rejects each kind of bad row with a reason', () => {
    const reason = (c: ReturnType<typeof convertLegacyRow>) => (c.ok ? 'ok' : c.reject.reason);
    expect(reason(convertLegacyRow(row(), undefined, 3))).toMatch(/^missing embedding/);
    expect(reason(convertLegacyRow(row(), [1, 2], 3))).toBe('wrong embedding dimension: 2, expected 3');
    expect(reason(convertLegacyRow(row({ metadata: '{"a":' }), [1, 2, 3], 3))).toMatch(/^invalid metadata JSON: /);
    expect(reason(convertLegacyRow(row({ metadata: '"str"' }), [1, 2, 3], 3))).toMatch(/the JSON is string, not an object/);
    expect(reason(convertLegacyRow(row({ content: 'a\u0000b' }), [1, 2, 3], 3))).toMatch(/^failed validation: .*NUL/);
    expect(reason(convertLegacyRow(row(), [1, Number.NaN, 3], 3))).toMatch(/^failed validation/);
  });

  it('treats NULL content and NULL / empty metadata as empty', () => {
    const c = convertLegacyRow(row({ content: null, metadata: null, columns: {} }), [0, 0, 1], 3);
    expect(c).toMatchObject({ ok: true, document: { content: '', meta: {} } });
  });
});

describe('legacy mapping', () => {
  it('defaults to the legacy documents table and refuses non-identifiers', () => {
    expect(parseLegacyMapping({})).toMatchObject({
      table: 'documents',
      idColumn: 'id',
      contentColumn: 'processed_content',
      metadataColumn: 'metadata',
    });
    expect(() => parseLegacyMapping({ table: 'x; drop table y' })).toThrow(InvalidOptionsError);
  });

  it('fingerprints change with the mapping and the target, not with a trailing slash', () => {
    const base = {
      sqlitePath: '/a.db',
      chromaUrl: 'http://h:1',
      chromaCollection: 'c',
      mapping: parseLegacyMapping({}),
      targetTable: 'public.documents',
      dimension: 3,
    };
    const f = migrationFingerprint(base);
    expect(migrationFingerprint({ ...base, chromaUrl: 'http://h:1/' })).toBe(f);
    expect(migrationFingerprint({ ...base, mapping: parseLegacyMapping({ contentColumn: 'original_content' }) })).not.toBe(f);
    expect(migrationFingerprint({ ...base, targetTable: 'public.other' })).not.toBe(f);
  });
});
