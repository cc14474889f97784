import { describe, expect, it } from 'vitest';
import { extractTerms, normalizeTerm } from './text-terms.js';

describe('text terms', () => {
  it('lower-cases, folds diacritics, drops possessives and stems', () => {
    const same = (a: string, b: string) => expect(normalizeTerm(a)).toBe(normalizeTerm(b));
    same('Databases', 'database');
    same('queries', 'query');
    same('classes', 'class');
    same('indexes', 'index');
    same('searches', 'search');
    same('uses', 'use');
    same('PostgreSQL’s', 'postgresql');
    same('Began', 'begin');
    expect(normalizeTerm('status')).toBe('status');
    expect(normalizeTerm('analysis')).toBe('analysis');
    expect(normalizeTerm('Café')).toBe('caf');
    expect(normalizeTerm('PostgreSQL’s')).toBe('postgresql');
    expect(normalizeTerm('です')).toBe('です');
  });

  it('extracts word terms with and without stop words', () => {
    expect(extractTerms("What is the capital of France? It's Paris.", true)).toEqual(['capital', 'franc', 'paris']);
    expect(extractTerms('What is it?', false)).toEqual(['what', 'is', 'it']);
    expect(extractTerms("Version 3.5, e.g. naïve café; l'été", false)).toEqual(['version', '3.5', 'e.g', 'naiv', 'caf', "l'et"]);
    // Unspaced scripts are segmented into words, so a query word can match inside a sentence.
    const ja = extractTerms('東京は日本の首都です', false);
    expect(ja.length).toBeGreaterThan(2);
    expect(ja).toContain('東京');
  });
});
