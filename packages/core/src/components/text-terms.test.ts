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
  });

  it('extracts word terms with and without stop words', () => {
    expect(extractTerms("What is the capital of France? It's Paris.", true)).toEqual(['capital', 'france', 'paris']);
    expect(extractTerms('What is it?', false)).toEqual(['what', 'is', 'it']);
    expect(extractTerms('東京は日本の首都です', false).length).toBeGreaterThan(1);
  });
});
