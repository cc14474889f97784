import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

describe('synapse (process)', () => {
  it('prints help and exits 0', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: synapse');
  });

  it('exits 2 on a usage error', async () => {
    const res = await runCli(['no-such-command']);
    expect(res.code).toBe(2);
  });
});
