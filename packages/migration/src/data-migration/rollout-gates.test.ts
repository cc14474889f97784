import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateProblems, shadowOverlapFromMetrics } from './rollout-gates.js';

describe('shadowOverlapFromMetrics', () => {
  it('averages sum / count over every label set and ignores other metrics', () => {
    const text = [
      'synapse_shadow_read_overlap_bucket{operation="a",le="0.5"} 1',
      'synapse_shadow_read_overlap_sum{operation="a"} 9',
      'synapse_shadow_read_overlap_count{operation="a"} 10',
      'synapse_shadow_read_overlap_sum{operation="b"} 1',
      'synapse_shadow_read_overlap_count{operation="b"} 10',
      'synapse_shadow_read_rank_correlation_sum 3',
    ].join('\n');
    expect(shadowOverlapFromMetrics(text)).toEqual({ mean: 0.5, samples: 20 });
    expect(shadowOverlapFromMetrics('other_metric 1')).toBeUndefined();
  });
});

describe('gateProblems', () => {
  it('needs a passing verify report and enough overlap samples', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-'));
    try {
      await writeFile(join(dir, 'm.txt'), 'synapse_shadow_read_overlap_sum 9.5\nsynapse_shadow_read_overlap_count 10\n');
      await writeFile(join(dir, 'v.json'), '{"ok":true}');
      expect(
        await gateProblems(
          { verify: true, shadow: true },
          { verifyReport: join(dir, 'v.json'), metrics: join(dir, 'm.txt'), minShadowSamples: 10 },
        ),
      ).toEqual([]);
      expect(
        await gateProblems({ verify: true, shadow: true }, { verifyReport: join(dir, 'v.json'), metrics: join(dir, 'm.txt') }),
      ).toEqual(['only 10 shadow comparisons so far (need 100)']);
      expect(await gateProblems({ verify: true, shadow: false }, {})).toHaveLength(1);
      expect(await gateProblems({ verify: false, shadow: false }, {})).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
