import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens, truncateToChars, truncateToTokens } from './token-counter.js';

describe('token estimates', () => {
  it('chars/4 rounds up; whitespace counts words', () => {
    expect(estimateTokens('', 'chars/4')).toBe(0);
    expect(estimateTokens('abcde', 'chars/4')).toBe(2);
    expect(estimateTokens('  two\twords\n', 'whitespace')).toBe(2);
    expect(estimateTokens('', 'whitespace')).toBe(0);
  });

  it('truncateToChars cuts at a word boundary and never splits a surrogate pair', () => {
    expect(truncateToChars('hello brave new world', 13)).toBe('hello brave');
    expect(truncateToChars('hello brave', 100)).toBe('hello brave');
    expect(truncateToChars('abcdefghij', 4)).toBe('abcd');
    expect(truncateToChars('ab😀cd', 3)).toBe('ab');
    expect(truncateToChars('word next', 5)).toBe('word');
  });

  it('truncateToTokens keeps whole words (whitespace) or 4 chars per token', () => {
    expect(truncateToTokens('one two  three four', 3, 'whitespace')).toBe('one two  three');
    expect(truncateToTokens('one two', 0, 'whitespace')).toBe('');
    expect(truncateToTokens('abcdefgh ijkl', 2, 'chars/4')).toBe('abcdefgh');
  });

  it('truncated text is a prefix within budget', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('chars/4', 'whitespace'),
        (text, n, counter) => {
          const t = truncateToTokens(text, n, counter as 'chars/4' | 'whitespace');
          expect(text.startsWith(t)).toBe(true);
          expect(estimateTokens(t, counter as 'chars/4' | 'whitespace')).toBeLessThanOrEqual(n);
          const c = truncateToChars(text, n);
          expect(text.startsWith(c)).toBe(true);
          expect(c.length).toBeLessThanOrEqual(n);
        },
      ),
    );
  });
});
