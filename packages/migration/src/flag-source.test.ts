import { rename, writeFile } from 'node:fs/promises';
import { useTempDir } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { InvalidFlagsError } from './errors.js';
import type { FeatureFlags } from './feature-flags.js';
import { FlagSource } from './flag-source.js';
import { SILENT_LOGGER } from './logger.js';

/** Resolves with the next flags `source` announces. */
function nextChange(source: FlagSource): Promise<FeatureFlags> {
  return new Promise((resolve) => {
    const off = source.subscribe((flags) => {
      off();
      resolve(flags);
    });
  });
}

describe('FlagSource', () => {
  const tempPath = useTempDir('synapse-flags-', 'each');

  it('object source: set() validates, notifies with the previous flags, and skips no-op changes', () => {
    const source = FlagSource.fromObject({ pgvectorReadPercentage: 10 });
    const seen: Array<[number, number]> = [];
    const off = source.subscribe((flags, previous) => seen.push([previous.pgvectorReadPercentage, flags.pgvectorReadPercentage]));
    source.set({ pgvectorReadPercentage: 50 });
    source.set({ pgvectorReadPercentage: 50 });
    expect(() => source.set({ pgvectorReadPercentage: 150 })).toThrow(InvalidFlagsError);
    expect(source.current.pgvectorReadPercentage).toBe(50);
    off();
    source.set({ pgvectorReadPercentage: 90 });
    expect(seen).toEqual([[10, 50]]);
    expect(source.toJSON()).toMatchObject({ pgvectorReadPercentage: 90 });
  });

  it('env source: reload() re-reads the environment', async () => {
    const env: Record<string, string> = { FF_USE_PGVECTOR: 'false' };
    const source = FlagSource.fromEnv(env);
    const change = nextChange(source);
    env.FF_USE_PGVECTOR = 'true';
    await source.reload();
    expect((await change).usePgvector).toBe(true);
    env.FF_USE_PGVECTOR = 'maybe';
    await expect(source.reload()).rejects.toThrow(/FF_USE_PGVECTOR="maybe"/);
    expect(source.current.usePgvector).toBe(true);
  });

  it('file source: sees in-place edits and atomic replacements; an invalid edit keeps the previous flags', async () => {
    const file = tempPath('flags.json');
    await writeFile(file, JSON.stringify({ pgvectorReadPercentage: 10 }));
    const source = await FlagSource.fromFile(file, { pollIntervalMs: 50, logger: SILENT_LOGGER });
    try {
      expect(source.current.pgvectorReadPercentage).toBe(10);

      let change = nextChange(source);
      await writeFile(file, JSON.stringify({ FF_PGVECTOR_READ_PERCENTAGE: '50', FF_ENABLE_DUAL_WRITE: 'true' }));
      expect(await change).toMatchObject({ pgvectorReadPercentage: 50, enableDualWrite: true });

      const failed = new Promise<unknown>((resolve) => source.onError(resolve));
      await writeFile(file, JSON.stringify({ pgvectorReadPercentage: 150 }));
      expect(await failed).toBeInstanceOf(InvalidFlagsError);
      expect(source.current.pgvectorReadPercentage).toBe(50);

      change = nextChange(source);
      await writeFile(tempPath('flags.json.tmp'), JSON.stringify({ usePgvector: true }));
      await rename(tempPath('flags.json.tmp'), file);
      expect(await change).toMatchObject({ usePgvector: true, pgvectorReadPercentage: 0 });
    } finally {
      source.close();
    }
  });

  it('file source: an invalid file at start throws, naming the file and the key', async () => {
    const file = tempPath('bad.json');
    await writeFile(file, JSON.stringify({ usePgvector: 'yes please' }));
    await expect(FlagSource.fromFile(file)).rejects.toThrow(/usePgvector="yes please" is invalid/);
    await writeFile(file, '{ not json');
    await expect(FlagSource.fromFile(file)).rejects.toThrow(/a JSON object of flags/);
  });
});
