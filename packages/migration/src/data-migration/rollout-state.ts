import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidOptionsError } from '@synapse-rag/core';
import { type FeatureFlags, parseFlags, sameFlags } from '../feature-flags.js';
import { flagFileInput } from '../flag-source.js';
import { rolloutStage } from './rollout-stages.js';

/** One recorded rollout action. */
export interface RolloutEvent {
  at: string;
  action: 'advance' | 'rollback' | 'emergency-rollback';
  from: number;
  to: number;
  note?: string;
}

/** The durable rollout state: the current stage, the flags in force and the history. */
export interface RolloutState {
  stage: number;
  /** Set by an emergency rollback: the flags are legacy-only whatever the stage says. */
  emergency: boolean;
  flags: FeatureFlags;
  history: RolloutEvent[];
}

/** Writes `text` to `path` atomically and durably: temp file, fsync, rename, fsync of the directory. */
export async function writeFileDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * The rollout's durable record (`stateFile`, JSON) and the flag file running services watch through
 * their `FlagSource` (`flagsFile`). A change is written state first, then flags, each atomically;
 * {@link RolloutStore.check} reports a flag file that does not hold the state's flags (a crash in
 * between, or a hand edit), and {@link RolloutStore.save} repairs it.
 */
export class RolloutStore {
  constructor(
    readonly stateFile: string,
    readonly flagsFile: string,
  ) {}

  /** The saved state, or stage 0 when no state file exists yet. */
  async load(): Promise<RolloutState> {
    let text: string;
    try {
      text = await readFile(this.stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { stage: 0, emergency: false, flags: rolloutStage(0).flags, history: [] };
      throw error;
    }
    let json: RolloutState;
    try {
      json = JSON.parse(text) as RolloutState;
      rolloutStage(json.stage);
    } catch (error) {
      throw new InvalidOptionsError(
        'RolloutStore',
        `the rollout state file ${this.stateFile} is not valid: ${(error as Error).message}`,
      );
    }
    return { ...json, flags: parseFlags(json.flags as unknown as Record<string, unknown>, `file ${this.stateFile}`) };
  }

  /** Saves the state, then the flag file (both atomically). */
  async save(state: RolloutState): Promise<void> {
    await writeFileDurably(this.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    await writeFileDurably(this.flagsFile, `${JSON.stringify(state.flags, null, 2)}\n`);
  }

  /** The flags now in the flag file (undefined if missing), and whether they equal the state's. */
  async check(state: RolloutState): Promise<{ fileFlags: FeatureFlags | undefined; inSync: boolean }> {
    let fileFlags: FeatureFlags | undefined;
    try {
      // The same file format FlagSource watches: camelCase or FF_* keys.
      fileFlags = parseFlags(flagFileInput(await readFile(this.flagsFile, 'utf8'), this.flagsFile), `file ${this.flagsFile}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { fileFlags, inSync: fileFlags !== undefined && sameFlags(fileFlags, state.flags) };
  }
}
