import { describe, expect, it } from 'vitest';
import type { Document } from '../document.js';
import { copyDocument, hasScore } from './copy-document.js';

describe('copyDocument', () => {
  const doc: Document = {
    id: 'a',
    content: 'x',
    meta: { tags: ['t'], nested: { n: 1, z: null } },
    embedding: [1, 2],
    score: 0.5,
  };

  it('deep-copies meta and the embedding', () => {
    const c = copyDocument(doc);
    expect(c).toEqual(doc);
    expect(c.meta).not.toBe(doc.meta);
    expect(c.meta['tags']).not.toBe(doc.meta['tags']);
    expect(c.meta['nested']).not.toBe(doc.meta['nested']);
    expect(c.embedding).not.toBe(doc.embedding);
  });

  it('applies changes, and removes the score with score: undefined', () => {
    expect(copyDocument(doc, { score: 0.9, content: 'y' })).toMatchObject({ score: 0.9, content: 'y' });
    expect('score' in copyDocument(doc, { score: undefined })).toBe(false);
    expect('embedding' in copyDocument({ id: 'b', content: '', meta: {} })).toBe(false);
  });

  it('treats NaN and missing scores as unscored', () => {
    expect(hasScore(doc)).toBe(true);
    expect(hasScore({ ...doc, score: Number.NaN })).toBe(false);
    expect(hasScore({ id: 'b', content: '', meta: {} })).toBe(false);
  });
});
