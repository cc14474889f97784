import { describe, expect, it } from 'vitest';
import { assertEmbeddings, createDocument, documentId } from './document.js';
import { InvalidDocumentError } from './errors.js';

describe('documentId', () => {
  it('is stable across meta key order and differs by content', () => {
    expect(documentId('a', { x: 1, y: [1, { z: 2 }] })).toBe(documentId('a', { y: [1, { z: 2 }], x: 1 }));
    expect(documentId('a')).not.toBe(documentId('b'));
    expect(documentId('a', { x: 1 })).not.toBe(documentId('a', { x: '1' }));
  });
  it('createDocument derives the id and keeps an explicit one', () => {
    expect(createDocument({ content: 'a' }).id).toBe(documentId('a', {}));
    expect(createDocument({ id: 'k', content: 'a' }).id).toBe('k');
  });
});

describe('assertEmbeddings', () => {
  it('rejects wrong dimensions and non-finite values', () => {
    const ok = createDocument({ content: 'a', embedding: [1, 2] });
    expect(() => assertEmbeddings([ok], 2)).not.toThrow();
    expect(() => assertEmbeddings([ok], 3)).toThrow(/2 dimensions, the store expects 3/);
    expect(() => assertEmbeddings([{ ...ok, embedding: [1, Number.NaN] }], 2)).toThrow(InvalidDocumentError);
    expect(() => assertEmbeddings([{ ...ok, embedding: undefined }], 2, { required: true })).toThrow(/no embedding/);
  });
});
