import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidOptionsError } from './errors.js';
import { functionOption, parseOptions } from './options.js';

describe('functionOption', () => {
  const schema = z.object({ progress: functionOption<(done: number) => void>('progress') }).strict();

  it('accepts a function and keeps it as given', () => {
    const progress = (_done: number) => {};
    expect(parseOptions(schema, { progress }, 'Owner').progress).toBe(progress);
  });

  it('is optional', () => {
    expect(parseOptions(schema, {}, 'Owner')).toEqual({});
  });

  it('rejects a non-function, naming the option', () => {
    const result = schema.safeParse({ progress: 'log' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['progress must be a function']);
    expect(() => parseOptions(schema, { progress: 42 }, 'Owner')).toThrow(InvalidOptionsError);
    expect(() => parseOptions(schema, { progress: 42 }, 'Owner')).toThrow('progress: progress must be a function');
  });
});
