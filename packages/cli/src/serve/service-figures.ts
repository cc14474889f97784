import { type FeatureFlags, type QueryPath, type RolloutStore, rolloutStage } from '@synapse-rag/migration';
import type { CircuitFigure, ShadowFigures } from './live-figures.js';
import type { ServiceRuntime } from './service-runtime.js';

/** The rollout as the service sees it (null without a flag file). */
export interface RolloutFigure {
  stage: number;
  name: string;
  emergency: boolean;
  /** Whether the flag file holds the flags of the recorded stage. */
  inSync: boolean;
  /** Why the state could not be read. */
  error?: string;
}

/** Bulk migration progress from the migration gauges (null: no migration job reports to this process). */
export interface MigrationFigure {
  total: number;
  migrated: number;
  verified: number | null;
  ratio: number;
}

/** The live figures of `/health` and of each `/events` message. */
export interface ServiceFigures {
  at: string;
  flags: FeatureFlags;
  /** Where the flags come from: `environment` or `file <path>`. */
  flagsOrigin: string;
  /** The query path the flags select now. */
  queryPath: QueryPath;
  rollout: RolloutFigure | null;
  /** Circuit breakers by name (empty: no failover store reports to this service). */
  circuits: Record<string, CircuitFigure>;
  /** Dual-write operations waiting in the outbox (null: no hybrid store open yet). */
  outboxSize: number | null;
  /** Dual-write legs the legacy store failed since start. */
  dualWriteFailures: number;
  shadow: ShadowFigures;
  migration: MigrationFigure | null;
}

async function rolloutFigure(runtime: ServiceRuntime): Promise<RolloutFigure | null> {
  if (!runtime.rollout) return null;
  let state: Awaited<ReturnType<RolloutStore['load']>>;
  try {
    state = await runtime.rollout.load();
  } catch (error) {
    return { stage: -1, name: 'unknown', emergency: false, inSync: false, error: (error as Error).message };
  }
  const figure = { stage: state.stage, name: rolloutStage(state.stage).name, emergency: state.emergency };
  try {
    return { ...figure, inSync: (await runtime.rollout.check(state)).inSync };
  } catch (error) {
    // E.g. a hand-written flag file the rollout state cannot compare with: the stage still stands.
    return { ...figure, inSync: false, error: (error as Error).message };
  }
}

async function migrationFigure(runtime: ServiceRuntime): Promise<MigrationFigure | null> {
  const { values } = await runtime.metrics.migrationDocuments.get();
  const of = (state: string) => values.find((v) => v.labels.state === state)?.value;
  const total = of('total');
  const migrated = of('migrated');
  if (total === undefined || migrated === undefined) return null;
  return { total, migrated, verified: of('verified') ?? null, ratio: total === 0 ? 1 : Math.min(1, migrated / total) };
}

/** Reads the figures now (flags, stage, circuits, outbox, dual-write failures, shadow stats, migration). */
export async function serviceFigures(runtime: ServiceRuntime): Promise<ServiceFigures> {
  const plan = runtime.plan();
  const [rollout, outboxSize, migration] = await Promise.all([
    rolloutFigure(runtime),
    runtime.outboxSize().catch(() => null),
    migrationFigure(runtime),
  ]);
  return {
    at: new Date().toISOString(),
    flags: runtime.flags.toJSON(),
    flagsOrigin: runtime.flags.origin,
    queryPath: plan.path,
    rollout,
    circuits: { ...runtime.figures.circuits },
    outboxSize,
    dualWriteFailures: runtime.figures.dualWriteFailures,
    shadow: runtime.figures.shadowFigures(),
    migration,
  };
}
