import { describe, expect, it } from 'vitest';
import { errorReason } from './error-reason.js';
import { ComponentError } from './errors.js';

describe('errorReason', () => {
  it("gives an Error's message, without its name", () => {
    expect(errorReason(new TypeError('bad input'))).toBe('bad input');
    expect(errorReason(new ComponentError('embedder', 'core.X', 'down'))).toBe('Component "embedder" (core.X) failed: down');
  });

  it('gives anything else as String(value)', () => {
    expect(errorReason('plain string')).toBe('plain string');
    expect(errorReason(42)).toBe('42');
    expect(errorReason(undefined)).toBe('undefined');
    expect(errorReason(null)).toBe('null');
    expect(errorReason({ code: 1 })).toBe('[object Object]');
  });
});
