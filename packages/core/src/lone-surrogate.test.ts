import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate } from './lone-surrogate.js';

describe('hasLoneSurrogate', () => {
  it.each([
    ['', false],
    ['plain', false],
    ['🚀 pair', false],
    ['x\ud800', true],
    ['\udc00x', true],
    ['\ud83d\ud83d\ude80', true],
    ['\ude80\ud83d', true],
  ])('%j → %s', (text, expected) => {
    expect(hasLoneSurrogate(text)).toBe(expected);
  });
});
