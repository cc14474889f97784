import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryDocumentStore } from '@synapse-rag/core';
import { type FeatureFlags, FlagSource, HybridDocumentStore, ROLLOUT_STAGES } from '@synapse-rag/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

/** Waits until the running store's flags equal `expected` (the FlagSource watches the file). */
async function seenBy(store: HybridDocumentStore, expected: FeatureFlags, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (JSON.stringify(store.flags) !== JSON.stringify({ ...store.flags, ...expected })) {
    if (Date.now() > until)
      throw new Error(`the running store still has ${JSON.stringify(store.flags)}, expected ${JSON.stringify(expected)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const metrics = (mean: number, count: number) =>
  `# TYPE synapse_shadow_read_overlap histogram\nsynapse_shadow_read_overlap_sum{operation="embeddingRetrieval"} ${mean * count}\nsynapse_shadow_read_overlap_count{operation="embeddingRetrieval"} ${count}\n`;

describe('synapse rollout (process) drives a running HybridDocumentStore through its flag file', () => {
  let dir: string;
  let flagsFile: string;
  let source: FlagSource;
  let hybrid: HybridDocumentStore;
  const legacy = new InMemoryDocumentStore();
  const target = new InMemoryDocumentStore();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-cli-rollout-'));
    flagsFile = join(dir, 'flags.json');
    await writeFile(flagsFile, '{}\n');
    source = await FlagSource.fromFile(flagsFile, { pollIntervalMs: 100 });
    hybrid = new HybridDocumentStore({ legacy, target, flags: source });
    await legacy.writeDocuments([{ id: 'only-in-legacy', content: 'a', meta: {} }]);
    await target.writeDocuments([
      { id: 't1', content: 'b', meta: {} },
      { id: 't2', content: 'c', meta: {} },
    ]);
    await writeFile(join(dir, 'verify-ok.json'), JSON.stringify({ ok: true, mismatches: [], extra: [] }));
    await writeFile(
      join(dir, 'verify-bad.json'),
      JSON.stringify({ ok: false, mismatches: [{ id: 'x', problems: ['missing'] }], extra: [] }),
    );
    await writeFile(join(dir, 'metrics-good.txt'), metrics(0.96, 500));
    await writeFile(join(dir, 'metrics-low.txt'), metrics(0.42, 500));
  });
  afterAll(async () => {
    source?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const rollout = (...args: string[]) => runCli(['rollout', ...args, '--flags-file', flagsFile]);
  const gates = () => ['--verify-report', join(dir, 'verify-ok.json'), '--metrics', join(dir, 'metrics-good.txt')];

  it('advances through every stage, refuses on a failing verify or low overlap, rolls back, and an emergency rollback from stage 4 reaches the running store', async () => {
    const status = await rollout('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^stage 0: legacy only/);

    expect((await rollout('advance')).code).toBe(0);
    await seenBy(hybrid, ROLLOUT_STAGES[1]!.flags);

    const noVerify = await rollout('advance', '--metrics', join(dir, 'metrics-good.txt'));
    expect(noVerify.code).toBe(3);
    expect(noVerify.stdout).toMatch(/needs a passing `synapse verify/);
    const badVerify = await rollout(
      'advance',
      '--verify-report',
      join(dir, 'verify-bad.json'),
      '--metrics',
      join(dir, 'metrics-good.txt'),
    );
    expect(badVerify.code).toBe(3);
    expect(badVerify.stdout).toMatch(/verify failed \(1 missing or different/);
    const low = await rollout(
      'advance',
      '--verify-report',
      join(dir, 'verify-ok.json'),
      '--metrics',
      join(dir, 'metrics-low.txt'),
    );
    expect(low.code).toBe(3);
    expect(low.stdout).toMatch(/overlap 0.420 is below the threshold 0.9/);
    expect(hybrid.flags).toEqual(ROLLOUT_STAGES[1]!.flags);

    for (let stage = 2; stage <= 6; stage++) {
      const res = await rollout('advance', ...gates(), '--note', `to ${stage}`);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      expect(res.stdout).toContain(`advanced to stage ${stage}`);
      await seenBy(hybrid, ROLLOUT_STAGES[stage]!.flags);
    }
    expect((await rollout('advance', ...gates())).stdout).toMatch(/already at the last stage/);
    expect(await hybrid.countDocuments()).toBe(2); // pgvector only

    expect((await rollout('rollback')).code).toBe(0);
    expect((await rollout('rollback')).code).toBe(0);
    await seenBy(hybrid, ROLLOUT_STAGES[4]!.flags);
    expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(2); // 100 % reads on the target

    const emergency = await rollout('rollback', '--emergency', '--note', 'p99 alarm');
    expect(emergency.code).toBe(0);
    expect(emergency.stdout).toMatch(/rolled back \(emergency\) to stage 0 .*EMERGENCY.*written and read back/);
    await seenBy(hybrid, { ...ROLLOUT_STAGES[0]!.flags });
    expect(hybrid.flags).toMatchObject({
      usePgvector: false,
      pgvectorReadPercentage: 0,
      enableDualWrite: false,
      enableShadowReads: false,
    });
    expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(1); // back on the legacy store

    const after = await rollout('status', '--json');
    const state = JSON.parse(after.stdout);
    expect(state).toMatchObject({ stage: 0, emergency: true, inSync: true });
    expect(state.history.map((e: { action: string; from: number; to: number }) => `${e.action}:${e.from}->${e.to}`)).toEqual([
      'advance:0->1',
      'advance:1->2',
      'advance:2->3',
      'advance:3->4',
      'advance:4->5',
      'advance:5->6',
      'rollback:6->5',
      'rollback:5->4',
      'emergency-rollback:4->0',
    ]);
    const saved = JSON.parse(await readFile(`${flagsFile}.rollout.json`, 'utf8'));
    expect(saved.history.at(-1).note).toBe('p99 alarm');
  });
});
