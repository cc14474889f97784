import { describe, expect, it } from 'vitest';
import { assertIdentifier, derivedIdentifier, qualifiedName, quoteIdentifier } from './identifiers.js';

describe('identifiers', () => {
  it('accepts plain identifiers and quotes them', () => {
    expect(assertIdentifier('documents', 'tableName')).toBe('documents');
    expect(assertIdentifier('_T9', 'tableName')).toBe('_T9');
    expect(qualifiedName('public', 'Docs')).toBe('"public"."Docs"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });

  it.each([
    `x'; DROP TABLE documents; --`,
    'documents; DROP TABLE x',
    'a"b',
    'has space',
    '1abc',
    '',
    'дoc',
    'a'.repeat(64),
    'x\u0000',
  ])('rejects %j with InvalidOptionsError', (name) => {
    expect(() => assertIdentifier(name, 'tableName')).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('derived names stay within 63 characters and differ per base', () => {
    const a = derivedIdentifier('a'.repeat(60), 'embedding_hnsw');
    const b = derivedIdentifier(`${'a'.repeat(59)}b`, 'embedding_hnsw');
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(derivedIdentifier('docs', 'keyword_idx')).toBe('docs_keyword_idx');
  });
});
