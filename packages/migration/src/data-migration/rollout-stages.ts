import type { FeatureFlags } from '../feature-flags.js';

/** One step of the rollout: what it means and the flags it implies. */
export interface RolloutStage {
  stage: number;
  name: string;
  description: string;
  flags: FeatureFlags;
  /** Advancing INTO this stage requires a passing `synapse verify` report. */
  requiresVerify: boolean;
}

/** A stage from its read share and switches (shadow reads are sampled at 100 %). */
function stage(
  n: number,
  name: string,
  description: string,
  [usePgvector, pgvectorReadPercentage, enableDualWrite, enableShadowReads]: [boolean, number, boolean, boolean],
): RolloutStage {
  const flags = { usePgvector, pgvectorReadPercentage, enableDualWrite, enableShadowReads, shadowReadSampleRate: 1 };
  return { stage: n, name, description, flags, requiresVerify: pgvectorReadPercentage > 0 };
}

/**
 * The migration plan's rollout as data (stage 0 = before the rollout: legacy only). Stages 1–4
 * keep dual writes on so the legacy store stays a complete fallback; stage 5 stops legacy writes;
 * stage 6 (decommission the legacy store) has the flags of stage 5. Every stage that serves reads
 * from pgvector requires a passing verify to be entered.
 */
export const ROLLOUT_STAGES: readonly RolloutStage[] = Object.freeze([
  stage(0, 'legacy only', 'Chroma serves everything; pgvector is not written.', [false, 0, false, false]),
  stage(
    1,
    'dual write + shadow reads',
    'Writes go to both stores; reads stay on Chroma and are compared against pgvector (0 % pgvector reads).',
    [false, 0, true, true],
  ),
  stage(2, '10 % reads', '10 % of reads (sticky per routing key) served by pgvector.', [false, 10, true, true]),
  stage(3, '50 % reads', 'Half of the reads served by pgvector.', [false, 50, true, true]),
  stage(4, '100 % reads', 'Every read served by pgvector; writes still reach both stores.', [false, 100, true, true]),
  stage(5, 'stop legacy writes', 'pgvector only: reads and writes; Chroma is no longer written.', [true, 100, false, false]),
  stage(6, 'decommission', 'The legacy store is retired (same flags as stage 5).', [true, 100, false, false]),
]);

/** The flags of an emergency rollback: legacy only, no dual writes, no shadow reads. */
export const EMERGENCY_FLAGS: FeatureFlags = (ROLLOUT_STAGES[0] as RolloutStage).flags;

export function rolloutStage(stage: number): RolloutStage {
  const found = ROLLOUT_STAGES[stage];
  if (!found) throw new RangeError(`no rollout stage ${stage} (0–${ROLLOUT_STAGES.length - 1})`);
  return found;
}
