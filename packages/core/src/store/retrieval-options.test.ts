import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../errors.js';
import { checkTopK } from './retrieval-options.js';

describe('checkTopK', () => {
  it('accepts a positive integer and applies the fallback to undefined', () => {
    expect([checkTopK(3, 'S'), checkTopK(undefined, 'S', { fallback: 10 })]).toEqual([3, 10]);
  });

  it.each([0, -1, 1.5, Number.NaN, '3', undefined])('rejects %s naming the owner and the option', (value) => {
    expect(() => checkTopK(value, 'Store.search', { name: 'candidateK' })).toThrow(
      new InvalidOptionsError('Store.search', `candidateK must be a positive integer, got ${String(value)}.`),
    );
  });
});
