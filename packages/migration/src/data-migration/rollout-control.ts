import { sameFlags } from '../feature-flags.js';
import { FlagSource } from '../flag-source.js';
import { gateProblems, type RolloutGateInput } from './rollout-gates.js';
import { EMERGENCY_FLAGS, ROLLOUT_STAGES, rolloutStage } from './rollout-stages.js';
import type { RolloutEvent, RolloutState, RolloutStore } from './rollout-state.js';

/** Outcome of `advance` / `rollback`. */
export interface RolloutResult {
  changed: boolean;
  state: RolloutState;
  /** Why `advance` refused (empty when it did not). */
  refused: string[];
  /** The flag file read back through a `FlagSource` after the change holds the new flags. */
  applied: boolean;
}

const event = (action: RolloutEvent['action'], from: number, to: number, note?: string): RolloutEvent => ({
  at: new Date().toISOString(),
  action,
  from,
  to,
  ...(note ? { note } : {}),
});

/** Reads the flag file back the way services do (a `FlagSource`) and compares it with the state's flags. */
async function readBack(store: RolloutStore, state: RolloutState): Promise<boolean> {
  const source = await FlagSource.fromFile(store.flagsFile, { pollIntervalMs: 0 });
  try {
    return sameFlags(source.current, state.flags);
  } finally {
    source.close();
  }
}

/**
 * Moves to the next stage if its gates pass: a passing verify report when the next stage serves
 * reads from pgvector, and shadow-read overlap at or above the threshold while shadow reads are on.
 */
export async function advanceRollout(store: RolloutStore, gates: RolloutGateInput, note?: string): Promise<RolloutResult> {
  const state = await store.load();
  const last = ROLLOUT_STAGES.length - 1;
  if (state.stage >= last) return { changed: false, state, refused: [`already at the last stage (${last})`], applied: true };
  const next = rolloutStage(state.stage + 1);
  const refused = await gateProblems({ verify: next.requiresVerify, shadow: state.flags.enableShadowReads }, gates);
  if (refused.length > 0) return { changed: false, state, refused, applied: (await store.check(state)).inSync };
  const updated: RolloutState = {
    stage: next.stage,
    emergency: false,
    flags: next.flags,
    history: [...state.history, event('advance', state.stage, next.stage, note)],
  };
  await store.save(updated);
  return { changed: true, state: updated, refused: [], applied: await readBack(store, updated) };
}

/** One stage back, or (`emergency`) straight to legacy-only flags; then checked by reading the flag file back. */
export async function rollbackRollout(
  store: RolloutStore,
  options: { emergency?: boolean; note?: string } = {},
): Promise<RolloutResult> {
  const state = await store.load();
  if (!options.emergency && state.stage === 0) return { changed: false, state, refused: ['already at stage 0'], applied: true };
  const to = options.emergency ? 0 : state.stage - 1;
  const updated: RolloutState = {
    stage: to,
    emergency: Boolean(options.emergency),
    flags: options.emergency ? EMERGENCY_FLAGS : rolloutStage(to).flags,
    history: [...state.history, event(options.emergency ? 'emergency-rollback' : 'rollback', state.stage, to, options.note)],
  };
  await store.save(updated);
  return { changed: true, state: updated, refused: [], applied: await readBack(store, updated) };
}
