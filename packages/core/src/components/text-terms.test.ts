import { describe, expect, it } from 'vitest';
import { extractTerms, normaliseTerm } from './text-terms.js';

describe('text terms', () => {
  it('lower-cases, folds diacritics, drops possessives and plurals', () => {
    expect(normaliseTerm('Databases')).toBe('database');
    expect(normaliseTerm('queries')).toBe('query');
    expect(normaliseTerm('classes')).toBe('class');
    expect(normaliseTerm('indexes')).toBe('index');
    expect(normaliseTerm('searches')).toBe('search');
    expect(normaliseTerm('uses')).toBe('use');
    expect(normaliseTerm('status')).toBe('status');
    expect(normaliseTerm('analysis')).toBe('analysis');
    expect(normaliseTerm('Café')).toBe('cafe');
    expect(normaliseTerm('PostgreSQL’s')).toBe('postgresql');
    expect(normaliseTerm('です')).toBe('です');
  });

  it('extracts word terms with and without stop words', () => {
    expect(extractTerms("What is the capital of France? It's Paris.", true)).toEqual(['capital', 'france', 'paris']);
    expect(extractTerms('What is it?', false)).toEqual(['what', 'is', 'it']);
    expect(extractTerms("Version 3.5, e.g. naïve café; l'été", false)).toEqual([
      'version',
      '3.5',
      'e.g',
      'naive',
      'cafe',
      "l'ete",
    ]);
    // Unspaced scripts are segmented into words, so a query word can match inside a sentence.
    const ja = extractTerms('東京は日本の首都です', false);
    expect(ja.length).toBeGreaterThan(2);
    expect(ja).toContain('東京');
  });
});
