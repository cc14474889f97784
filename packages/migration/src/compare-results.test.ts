import { describe, expect, it } from 'vitest';
import { compareResults } from './compare-results.js';

describe('compareResults', () => {
  it('identical lists: overlap 1, correlation 1', () => {
    expect(compareResults(['a', 'b', 'c'], ['a', 'b', 'c'], 3)).toEqual({
      k: 3,
      overlap: 1,
      rankCorrelation: 1,
      sharedIds: ['a', 'b', 'c'],
    });
  });

  it('both empty: overlap 1 (they agree), no correlation, no division by zero', () => {
    expect(compareResults([], [], 5)).toEqual({ k: 5, overlap: 1, rankCorrelation: null, sharedIds: [] });
  });

  it('one side empty: overlap 0', () => {
    expect(compareResults(['a', 'b'], [], 5).overlap).toBe(0);
    expect(compareResults([], ['a'], 5).overlap).toBe(0);
    expect(compareResults([], ['a'], 5).rankCorrelation).toBeNull();
  });

  it('reversed order: overlap 1, correlation -1', () => {
    expect(compareResults(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'], 4)).toMatchObject({ overlap: 1, rankCorrelation: -1 });
  });

  it('partial overlap divides by the longer top-k list', () => {
    // top-4: {a,b,c,d} vs {a,x,b,y}: shared a,b → 2/4; same relative order → ρ = 1.
    expect(compareResults(['a', 'b', 'c', 'd'], ['a', 'x', 'b', 'y'], 4)).toMatchObject({
      overlap: 0.5,
      rankCorrelation: 1,
      sharedIds: ['a', 'b'],
    });
    // shorter shadow: 2 of max(3, 2) shared.
    expect(compareResults(['a', 'b', 'c'], ['b', 'a'], 10)).toMatchObject({ overlap: 2 / 3, rankCorrelation: -1 });
  });

  it('only the top k count', () => {
    expect(compareResults(['a', 'b', 'z'], ['a', 'b', 'q'], 2)).toMatchObject({ overlap: 1, rankCorrelation: 1 });
    expect(compareResults(['a', 'b', 'c'], ['c', 'b', 'a'], 1)).toMatchObject({ overlap: 0, rankCorrelation: null });
  });

  it('one shared id: no correlation; three shared with one swap: ρ = 0.5', () => {
    expect(compareResults(['a', 'b'], ['a', 'c'], 2)).toMatchObject({ overlap: 0.5, rankCorrelation: null });
    // ranks a:0/1, b:1/0, c:2/2 → Σd² = 2 → 1 − 12/24 = 0.5
    expect(compareResults(['a', 'b', 'c'], ['b', 'a', 'c'], 3).rankCorrelation).toBe(0.5);
  });

  it('rejects a bad k', () => {
    expect(() => compareResults([], [], 0)).toThrow(RangeError);
  });
});
