import { z } from 'zod';
import { type FlagProblem, InvalidFlagsError } from './errors.js';

const BOOLEAN_TEXT = /^(true|false|1|0)$/i;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A boolean, or its text form from an environment variable: true/false/1/0 in any case. */
const booleanFlag = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .regex(BOOLEAN_TEXT)
    .transform((v) => v === '1' || v.toLowerCase() === 'true'),
]);

/** A number in [min, max], or its decimal text form. */
function numberFlag(min: number, max: number) {
  return z.union([z.number(), z.string().trim().regex(NUMBER_TEXT).transform(Number)]).pipe(z.number().min(min).max(max));
}

/**
 * The migration's feature flags (the plan's `FeatureFlags`, `FF_*` in the environment). One schema
 * validates env text, JSON file values and code overrides alike.
 */
export const FeatureFlagsSchema = z.strictObject({
  /** Serve every read from the target (pgvector) and, without dual write, write only there. `FF_USE_PGVECTOR`. @default false */
  usePgvector: booleanFlag.default(false),
  /**
   * Share of reads routed to the target while `usePgvector` is off, 0–100 (decimals allowed, e.g.
   * 0.5 for a canary). Sticky per routing key. `FF_PGVECTOR_READ_PERCENTAGE`. @default 0
   */
  pgvectorReadPercentage: numberFlag(0, 100).default(0),
  /** Write to both stores, target first (see `HybridDocumentStore`). `FF_ENABLE_DUAL_WRITE`. @default false */
  enableDualWrite: booleanFlag.default(false),
  /** Run sampled reads on the other store too and compare the results. `FF_ENABLE_SHADOW_READS`. @default false */
  enableShadowReads: booleanFlag.default(false),
  /** Share of reads that get a shadow read when shadow reads are on, 0–1. `FF_SHADOW_READ_SAMPLE_RATE`. @default 1 */
  shadowReadSampleRate: numberFlag(0, 1).default(1),
});

/** Validated feature flags. */
export type FeatureFlags = z.output<typeof FeatureFlagsSchema>;
/** Flag values before validation: booleans/numbers or their env text forms. */
export type FeatureFlagsInput = z.input<typeof FeatureFlagsSchema>;
export type FlagName = keyof FeatureFlags;

/** Env variable and allowed values of each flag (for messages and `synapse config`). */
export const FLAG_VARIABLES: Readonly<Record<FlagName, { env: string; allowed: string }>> = {
  usePgvector: { env: 'FF_USE_PGVECTOR', allowed: 'true, false, 1 or 0 (any case)' },
  pgvectorReadPercentage: { env: 'FF_PGVECTOR_READ_PERCENTAGE', allowed: 'a number from 0 to 100' },
  enableDualWrite: { env: 'FF_ENABLE_DUAL_WRITE', allowed: 'true, false, 1 or 0 (any case)' },
  enableShadowReads: { env: 'FF_ENABLE_SHADOW_READS', allowed: 'true, false, 1 or 0 (any case)' },
  shadowReadSampleRate: { env: 'FF_SHADOW_READ_SAMPLE_RATE', allowed: 'a number from 0 to 1' },
};

const FLAG_NAMES = Object.keys(FLAG_VARIABLES) as FlagName[];

/**
 * Validates flag values (camelCase keys). `nameOf(key)` says how a problem names the flag
 * (env variable or object key). Throws {@link InvalidFlagsError} listing every problem.
 */
export function parseFlags(
  input: Record<string, unknown>,
  origin: string,
  nameOf: (key: string) => string = (key) => key,
): FeatureFlags {
  const result = FeatureFlagsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems: FlagProblem[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ variable: nameOf(key), value: input[key], allowed: `no such flag (known: ${FLAG_NAMES.join(', ')})` });
      }
      continue;
    }
    const key = String(issue.path[0]);
    if (seen.has(key)) continue;
    seen.add(key);
    const spec = FLAG_VARIABLES[key as FlagName];
    problems.push({ variable: nameOf(key), value: input[key], allowed: spec?.allowed ?? issue.message });
  }
  throw new InvalidFlagsError(problems, origin);
}

/**
 * Reads `FF_USE_PGVECTOR`, `FF_PGVECTOR_READ_PERCENTAGE`, `FF_ENABLE_DUAL_WRITE`,
 * `FF_ENABLE_SHADOW_READS` and `FF_SHADOW_READ_SAMPLE_RATE` from `env` (unset or empty → the
 * default), applies `overrides` on top and validates everything with one schema. Throws
 * {@link InvalidFlagsError} whose message names each bad variable, its value and what is allowed.
 *
 * @example
 * loadFlags({ FF_PGVECTOR_READ_PERCENTAGE: '150', FF_USE_PGVECTOR: 'yes please' });
 * // InvalidFlagsError: Invalid feature flags (environment): FF_USE_PGVECTOR="yes please" is invalid:
 * // allowed is true, false, 1 or 0 (any case); FF_PGVECTOR_READ_PERCENTAGE="150" is invalid: allowed is a number from 0 to 100.
 */
export function loadFlags(
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: Partial<FeatureFlagsInput> = {},
): FeatureFlags {
  const input: Record<string, unknown> = {};
  const fromOverride = new Set<string>();
  for (const name of FLAG_NAMES) {
    const raw = env[FLAG_VARIABLES[name].env];
    if (raw !== undefined && raw.trim() !== '') input[name] = raw;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    input[key] = value;
    fromOverride.add(key);
  }
  const origin = fromOverride.size > 0 ? 'environment and overrides' : 'environment';
  return parseFlags(input, origin, (key) =>
    fromOverride.has(key) ? `overrides.${key}` : (FLAG_VARIABLES[key as FlagName]?.env ?? key),
  );
}

/** The flags as `FF_*` variables (for `synapse config`, rollout scripts and child processes). */
export function flagsToEnv(flags: FeatureFlags): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of FLAG_NAMES) env[FLAG_VARIABLES[name].env] = String(flags[name]);
  return env;
}

/** Whether two flag sets are equal. */
export function sameFlags(a: FeatureFlags, b: FeatureFlags): boolean {
  return FLAG_NAMES.every((name) => a[name] === b[name]);
}
