import { describe, expect, it } from 'vitest';
import { InvalidFlagsError } from './errors.js';
import { flagsToEnv, loadFlags } from './feature-flags.js';

function loadError(env: Record<string, string>, overrides = {}): InvalidFlagsError {
  try {
    loadFlags(env, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFlagsError);
    return error as InvalidFlagsError;
  }
  throw new Error('expected InvalidFlagsError');
}

describe('loadFlags', () => {
  it('defaults when nothing is set (empty values count as unset)', () => {
    expect(loadFlags({}, {})).toEqual({
      usePgvector: false,
      pgvectorReadPercentage: 0,
      enableDualWrite: false,
      enableShadowReads: false,
      shadowReadSampleRate: 1,
    });
    expect(loadFlags({ FF_USE_PGVECTOR: '', FF_PGVECTOR_READ_PERCENTAGE: '  ' }).usePgvector).toBe(false);
  });

  it('reads every FF_* variable; booleans accept true/false/1/0 in any case', () => {
    const flags = loadFlags({
      FF_USE_PGVECTOR: 'TRUE',
      FF_PGVECTOR_READ_PERCENTAGE: '12.5',
      FF_ENABLE_DUAL_WRITE: '1',
      FF_ENABLE_SHADOW_READS: 'False',
      FF_SHADOW_READ_SAMPLE_RATE: ' 0.25 ',
      OTHER: 'ignored',
    });
    expect(flags).toEqual({
      usePgvector: true,
      pgvectorReadPercentage: 12.5,
      enableDualWrite: true,
      enableShadowReads: false,
      shadowReadSampleRate: 0.25,
    });
    expect(loadFlags({ FF_USE_PGVECTOR: '0', FF_ENABLE_DUAL_WRITE: 'tRuE' })).toMatchObject({
      usePgvector: false,
      enableDualWrite: true,
    });
  });

  it('overrides win over the environment', () => {
    expect(loadFlags({ FF_PGVECTOR_READ_PERCENTAGE: '10' }, { pgvectorReadPercentage: 50 }).pgvectorReadPercentage).toBe(50);
  });

  it('FF_PGVECTOR_READ_PERCENTAGE=150: names the variable, the value and the allowed range', () => {
    const error = loadError({ FF_PGVECTOR_READ_PERCENTAGE: '150' });
    expect(error.code).toBe('INVALID_FLAGS');
    expect(error.message).toBe(
      'Invalid feature flags (environment): FF_PGVECTOR_READ_PERCENTAGE="150" is invalid: allowed is a number from 0 to 100.',
    );
  });

  it('FF_USE_PGVECTOR=yes please: names the variable, the value and the allowed words', () => {
    const error = loadError({ FF_USE_PGVECTOR: 'yes please' });
    expect(error.message).toBe(
      'Invalid feature flags (environment): FF_USE_PGVECTOR="yes please" is invalid: allowed is true, false, 1 or 0 (any case).',
    );
  });

  it('reports every problem at once', () => {
    const error = loadError({
      FF_USE_PGVECTOR: 'yes please',
      FF_PGVECTOR_READ_PERCENTAGE: '150',
      FF_ENABLE_DUAL_WRITE: 'on',
      FF_SHADOW_READ_SAMPLE_RATE: '1.5',
      FF_ENABLE_SHADOW_READS: '2',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'FF_ENABLE_DUAL_WRITE',
      'FF_ENABLE_SHADOW_READS',
      'FF_PGVECTOR_READ_PERCENTAGE',
      'FF_SHADOW_READ_SAMPLE_RATE',
      'FF_USE_PGVECTOR',
    ]);
    expect(error.message).toContain('FF_SHADOW_READ_SAMPLE_RATE="1.5" is invalid: allowed is a number from 0 to 1');
    expect(error.message).toContain('FF_PGVECTOR_READ_PERCENTAGE="150"');
    expect(loadError({ FF_PGVECTOR_READ_PERCENTAGE: 'ten' }).problems[0]).toEqual({
      variable: 'FF_PGVECTOR_READ_PERCENTAGE',
      value: 'ten',
      allowed: 'a number from 0 to 100',
    });
    expect(loadError({ FF_PGVECTOR_READ_PERCENTAGE: '-1' }).problems).toHaveLength(1);
  });

  it('names a bad override as overrides.<key>, and unknown override keys', () => {
    const error = loadError({}, { pgvectorReadPercentage: 101, usePgvecter: true });
    expect(error.message).toContain('overrides.pgvectorReadPercentage=101 is invalid: allowed is a number from 0 to 100');
    expect(error.message).toContain('overrides.usePgvecter=true is invalid: allowed is no such flag');
  });

  it('flagsToEnv round-trips through loadFlags', () => {
    const flags = loadFlags({ FF_USE_PGVECTOR: '1', FF_PGVECTOR_READ_PERCENTAGE: '33', FF_SHADOW_READ_SAMPLE_RATE: '0.5' });
    expect(loadFlags(flagsToEnv(flags))).toEqual(flags);
  });
});
