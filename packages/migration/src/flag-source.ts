import { type FSWatcher, type Stats, unwatchFile, watch, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { errorReason } from '@synapse-rag/core';
import { InvalidFlagsError } from './errors.js';
import { type FeatureFlags, type FeatureFlagsInput, FLAG_VARIABLES, loadFlags, parseFlags, sameFlags } from './feature-flags.js';
import { Listeners } from './listeners.js';
import { CONSOLE_LOGGER, type MigrationLogger } from './logger.js';

/** Told when the flags change: the new flags and the ones they replace. */
export type FlagListener = (flags: FeatureFlags, previous: FeatureFlags) => void;

/** Options of {@link FlagSource.fromFile}. */
export interface FlagFileOptions {
  /**
   * Also poll the file's mtime this often (ms), in case `fs.watch` misses an event (network file
   * systems, some editors, containers with bind mounts). `0` disables polling.
   * @default 1000
   */
  pollIntervalMs?: number;
  /** Where a change that fails validation is reported (the previous flags stay in force). @default console */
  logger?: MigrationLogger;
}

const ENV_TO_KEY = new Map(Object.entries(FLAG_VARIABLES).map(([key, spec]) => [spec.env, key]));

/** JSON flag-file content → camelCase flag input (for `parseFlags`); keys may also be the `FF_*` names. */
export function flagFileInput(text: string, path: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidFlagsError(
      [{ variable: path, value: text.slice(0, 80), allowed: `a JSON object of flags (${(error as Error).message})` }],
      `file ${path}`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidFlagsError([{ variable: path, value: json, allowed: 'a JSON object of flags' }], `file ${path}`);
  }
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) input[ENV_TO_KEY.get(key) ?? key] = value;
  return input;
}

/**
 * The current feature flags, changeable while the app runs so a rollout step needs no restart.
 * Created from an object (`set()` changes it), from the environment (`reload()` re-reads it) or
 * from a JSON file that is watched (`fs.watch` on its directory, so editors that replace the file
 * are seen, plus mtime polling as a safety net). Subscribers are told after every effective change;
 * `current` is what `/health` and the CLI print. A file change that fails validation is reported
 * (logger and `onError`) and the previous flags stay in force.
 */
export class FlagSource {
  private flags: FeatureFlags;
  private readonly changes = new Listeners<{ flags: FeatureFlags; previous: FeatureFlags }>();
  private readonly errors = new Listeners<unknown>();
  private reader: (() => Promise<FeatureFlags>) | undefined;
  private stopWatching: (() => void) | undefined;
  private reloading: Promise<FeatureFlags> | undefined;
  private reloadAgain = false;

  /** A source holding `flags` (validated; throws {@link InvalidFlagsError}). */
  constructor(
    flags: FeatureFlagsInput = {},
    readonly origin = 'object',
  ) {
    this.flags = parseFlags(flags as Record<string, unknown>, origin);
  }

  /** A source holding the given flags; change them with {@link set}. */
  static fromObject(flags: FeatureFlagsInput = {}): FlagSource {
    return new FlagSource(flags);
  }

  /** A source reading `FF_*` from `env` now and on every {@link reload}. */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env): FlagSource {
    const source = new FlagSource(loadFlags(env), 'environment');
    source.reader = async () => loadFlags(env);
    return source;
  }

  /**
   * A source reading a JSON object of flags (`{"pgvectorReadPercentage": 10}` or
   * `{"FF_PGVECTOR_READ_PERCENTAGE": "10"}`; missing flags take their defaults) and watching it.
   * Throws {@link InvalidFlagsError} when the file is invalid at start. Call {@link close} to stop watching.
   */
  static async fromFile(path: string, options: FlagFileOptions = {}): Promise<FlagSource> {
    const file = resolve(path);
    const read = async () => parseFlags(flagFileInput(await readFile(file, 'utf8'), file), `file ${file}`);
    const source = new FlagSource(await read(), `file ${file}`);
    source.reader = read;
    source.watch(file, options.pollIntervalMs ?? 1000, options.logger ?? CONSOLE_LOGGER);
    return source;
  }

  /** The flags in force now. */
  get current(): FeatureFlags {
    return this.flags;
  }

  /** Replaces some flags (validated as a whole; throws {@link InvalidFlagsError}) and tells subscribers. */
  set(changes: Partial<FeatureFlagsInput>): FeatureFlags {
    this.apply(parseFlags({ ...this.flags, ...changes }, this.origin));
    return this.flags;
  }

  /** Re-reads the environment or the file (no-op for object sources). Rejects with {@link InvalidFlagsError}. */
  async reload(): Promise<FeatureFlags> {
    if (!this.reader) return this.flags;
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          this.apply(await this.reader!());
        } while (this.reloadAgain);
        return this.flags;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Calls `listener(flags, previous)` after each change; returns the unsubscribe function. */
  subscribe(listener: FlagListener): () => void {
    return this.changes.on(({ flags, previous }) => listener(flags, previous));
  }

  /** Told when a watched file changes to something invalid (the previous flags stay). */
  onError(listener: (error: unknown) => void): () => void {
    return this.errors.on(listener);
  }

  /** Stops watching the file. Idempotent. */
  close(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  /** Plain flags (for `/health`). */
  toJSON(): FeatureFlags {
    return { ...this.flags };
  }

  private apply(next: FeatureFlags): void {
    const previous = this.flags;
    if (sameFlags(previous, next)) return;
    this.flags = Object.freeze({ ...next });
    this.changes.emit({ flags: this.flags, previous });
  }

  private watch(file: string, pollIntervalMs: number, logger: MigrationLogger): void {
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      clearTimeout(timer);
      // Coalesce the bursts of events one save produces; read once things settle.
      timer = setTimeout(() => {
        this.reload().catch((error: unknown) => {
          logger.warn(`feature flag file ${file} is invalid; keeping the previous flags`, {
            error: errorReason(error),
          });
          this.errors.emit(error);
        });
      }, 25);
      timer.unref();
    };
    let watcher: FSWatcher | undefined;
    try {
      // Watch the directory: editors and `mv` replace the file, which ends a watch on the file itself.
      watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) schedule();
      });
      watcher.on('error', () => {});
    } catch {
      watcher = undefined; // fs.watch unsupported here: polling alone.
    }
    const onStat = (curr: Stats, prev: Stats) => {
      if (curr.mtimeMs !== prev.mtimeMs || curr.size !== prev.size || curr.ino !== prev.ino) schedule();
    };
    if (pollIntervalMs > 0) watchFile(file, { interval: pollIntervalMs, persistent: false }, onStat);
    this.stopWatching = () => {
      clearTimeout(timer);
      watcher?.close();
      if (pollIntervalMs > 0) unwatchFile(file, onStat);
    };
  }
}

/** Flags given as a plain object or a live source. */
export type FlagsLike = FeatureFlags | FeatureFlagsInput | FlagSource;

/** Wraps plain flags in a source (validated); a source is returned as is. */
export function toFlagSource(flags: FlagsLike): FlagSource {
  return flags instanceof FlagSource ? flags : new FlagSource(flags as FeatureFlagsInput);
}
