import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-splitter.js';

const texts = (t: string, max?: number) => splitSentences(t, max).map((s) => s.text);

describe('splitSentences', () => {
  it('splits on sentence punctuation and paragraph breaks, collapsing whitespace', () => {
    expect(texts('First one.  Second   one!\nThird? Heading\n\nBody text here.')).toEqual([
      'First one.',
      'Second one!',
      'Third?',
      'Heading',
      'Body text here.',
    ]);
  });

  it('does not split after common abbreviations, dotted forms or initials', () => {
    expect(texts('Dr. Smith met Prof. Jones, e.g. at 3 p.m. on Monday. John F. Kennedy spoke. It ended.')).toEqual([
      'Dr. Smith met Prof. Jones, e.g. at 3 p.m. on Monday.',
      'John F. Kennedy spoke.',
      'It ended.',
    ]);
  });

  it('keeps decimals and versions inside sentences', () => {
    expect(texts('Version 2.5 was released. It costs $3.50 today.')).toEqual([
      'Version 2.5 was released.',
      'It costs $3.50 today.',
    ]);
  });

  it('cuts overlong runs at word boundaries and drops empty segments', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const pieces = texts(long, 50);
    expect(pieces.every((p) => p.length <= 50)).toBe(true);
    expect(pieces.join(' ')).toBe(long);
    expect(texts('x'.repeat(120), 50)).toEqual(['x'.repeat(50), 'x'.repeat(50), 'x'.repeat(20)]);
    expect(texts(' \n\n --- \n')).toEqual([]);
  });

  it('numbers positions consecutively', () => {
    expect(splitSentences('A b. C d. E f.').map((s) => s.position)).toEqual([0, 1, 2]);
  });
});
