import { describe, expect, it } from 'vitest';
import { createDocument } from './document.js';
import { documentText } from './document-text.js';

describe('documentText', () => {
  const doc = createDocument({ content: 'body', meta: { title: 'T', n: 3, tags: ['a'], gone: null } });
  it('puts meta values before the content, skipping missing and null ones', () => {
    expect(documentText(doc, { metaFieldsToEmbed: ['title', 'missing', 'gone', 'n', 'tags'], separator: ' | ' })).toBe(
      'T | 3 | ["a"] | body',
    );
  });
  it('adds prefix and suffix around the whole text; defaults to the content alone', () => {
    expect(documentText(doc, { metaFieldsToEmbed: ['title'], prefix: 'passage: ', suffix: '.' })).toBe('passage: T\nbody.');
    expect(documentText(doc)).toBe('body');
  });
});
