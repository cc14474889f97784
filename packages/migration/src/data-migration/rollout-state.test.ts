import { readFile, writeFile } from 'node:fs/promises';
import { useTempDir } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { RolloutStore } from './rollout-state.js';

describe('RolloutStore.check', () => {
  const tempPath = useTempDir('rollout-state-', 'all');

  it('reads a flag file written with FF_* names (docker-compose flags/flags.json) as FlagSource does', async () => {
    const store = new RolloutStore(tempPath('state.json'), tempPath('flags.json'));
    const state = await store.load();
    await writeFile(
      store.flagsFile,
      JSON.stringify({
        FF_USE_PGVECTOR: 'false',
        FF_PGVECTOR_READ_PERCENTAGE: '0',
        FF_ENABLE_DUAL_WRITE: 'false',
        FF_ENABLE_SHADOW_READS: 'false',
      }),
    );
    const checked = await store.check(state);
    expect(checked.inSync).toBe(true);
    expect(checked.fileFlags).toMatchObject({ usePgvector: false, pgvectorReadPercentage: 0 });
    await writeFile(store.flagsFile, JSON.stringify({ FF_ENABLE_DUAL_WRITE: 'true' }));
    expect((await store.check(state)).inSync).toBe(false);
    await store.save(state);
    expect((await store.check(state)).inSync).toBe(true);
    expect(JSON.parse(await readFile(store.flagsFile, 'utf8'))).toMatchObject({ enableDualWrite: false });
  });

  it('reports a missing flag file as out of sync and rejects one that is not JSON, naming the file', async () => {
    const store = new RolloutStore(tempPath('state2.json'), tempPath('missing.json'));
    const state = await store.load();
    expect(await store.check(state)).toEqual({ fileFlags: undefined, inSync: false });
    await writeFile(tempPath('missing.json'), '{oops');
    await expect(store.check(state)).rejects.toThrow(/missing\.json/);
  });
});
