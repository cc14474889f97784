import type { TraceEvent, Tracer } from '@synapse-rag/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState, MigrationEvent, MigrationEventSource } from './migration-events.js';

/** Circuit state → gauge value. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10];
const RATIO_BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];

/** The Prometheus metrics of the migration runtime, in one registry the app mounts on `/metrics`. */
export interface MigrationMetrics {
  readonly registry: Registry;
  /** `synapse_store_query_duration_seconds{store, operation, shadow}` */
  readonly queryDuration: Histogram<'store' | 'operation' | 'shadow'>;
  /** `synapse_store_errors_total{store, operation}` */
  readonly storeErrors: Counter<'store' | 'operation'>;
  /** `synapse_store_reads_routed_total{store, operation}` — which store served the caller. */
  readonly readsRouted: Counter<'store' | 'operation'>;
  /** `synapse_shadow_read_overlap{operation}` — overlap@k of shadow comparisons (0–1). */
  readonly shadowOverlap: Histogram<'operation'>;
  /** `synapse_shadow_read_rank_correlation{operation}` — rank correlation of shared ids (-1–1). */
  readonly shadowRankCorrelation: Histogram<'operation'>;
  /** `synapse_shadow_reads_total{outcome}`: compared, low_overlap, timeout, error, unsupported. */
  readonly shadowReads: Counter<'outcome'>;
  /** `synapse_circuit_state{breaker}` — 0 closed, 1 half-open, 2 open. */
  readonly circuitState: Gauge<'breaker'>;
  /** `synapse_circuit_transitions_total{breaker, to}` */
  readonly circuitTransitions: Counter<'breaker' | 'to'>;
  /** `synapse_outbox_size` — operations waiting for the legacy (or primary) store. */
  readonly outboxSize: Gauge;
  /** `synapse_dual_write_failures_total{store, operation, outboxed}` */
  readonly dualWriteFailures: Counter<'store' | 'operation' | 'outboxed'>;
  /** `synapse_migration_documents{state}`: total, migrated, verified (set by the migration job). */
  readonly migrationDocuments: Gauge<'state'>;
  /** `synapse_migration_progress_ratio` — migrated / total (0–1). */
  readonly migrationProgress: Gauge;
  /** `synapse_pipeline_component_duration_seconds{component, type, outcome}` (from the tracer). */
  readonly componentDuration: Histogram<'component' | 'type' | 'outcome'>;
  /** `synapse_pipeline_run_duration_seconds{outcome}` (from the tracer). */
  readonly pipelineDuration: Histogram<'outcome'>;
  /** A core {@link Tracer} mapping pipeline and component events to the pipeline metrics. Pass it to `pipeline.run(..., { tracer })`. */
  readonly tracer: Tracer;
  /** Feeds a store's events (hybrid, failover) into the metrics; returns the unsubscribe function. */
  observe(source: MigrationEventSource): () => void;
  /** Records migration progress (the migration job calls it after each batch). */
  setMigrationProgress(progress: { total: number; migrated: number; verified?: number }): void;
}

/**
 * Creates the migration metrics in `registry` (default: a new registry, so several instances and
 * tests never clash over prom-client's global one). Pipelines feed them through `metrics.tracer`
 * (core's tracing hooks) and stores through `metrics.observe(store)` (their event hooks): no
 * component or store calls a metric itself.
 */
export function createMetrics(registry: Registry = new Registry()): MigrationMetrics {
  const registers = [registry];
  // Declared in this order, which is the order of the `/metrics` exposition.
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers });
  const gauge = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers });

  const queryDuration = histogram(
    'synapse_store_query_duration_seconds',
    'Duration of document store calls by store role and operation (shadow="true" for shadow reads).',
    ['store', 'operation', 'shadow'],
    LATENCY_BUCKETS,
  );
  const storeErrors = counter(
    'synapse_store_errors_total',
    'Failed or timed-out document store calls by store role and operation.',
    ['store', 'operation'],
  );
  const readsRouted = counter('synapse_store_reads_routed_total', 'Reads served to callers, by the store the routing picked.', [
    'store',
    'operation',
  ]);
  const shadowOverlap = histogram(
    'synapse_shadow_read_overlap',
    'overlap@k between the primary and the shadow store results (1 = same ids).',
    ['operation'],
    RATIO_BUCKETS,
  );
  const shadowRankCorrelation = histogram(
    'synapse_shadow_read_rank_correlation',
    'Rank correlation of the ids both stores returned (1 = same order).',
    ['operation'],
    [-1, -0.5, 0, 0.25, 0.5, 0.75, 0.9, 1],
  );
  const shadowReads = counter(
    'synapse_shadow_reads_total',
    'Shadow reads by outcome: compared, low_overlap, timeout, error, unsupported.',
    ['outcome'],
  );
  const circuitState = gauge(
    'synapse_circuit_state',
    'Circuit breaker state of a failover store: 0 closed, 1 half-open, 2 open.',
    ['breaker'],
  );
  const circuitTransitions = counter(
    'synapse_circuit_transitions_total',
    'Circuit breaker state changes by breaker and new state.',
    ['breaker', 'to'],
  );
  const outboxSize = gauge('synapse_outbox_size', 'Operations waiting in the outbox.');
  const dualWriteFailures = counter(
    'synapse_dual_write_failures_total',
    'Dual-write legs that failed on the legacy store (outboxed="true" when queued for replay).',
    ['store', 'operation', 'outboxed'],
  );
  const migrationDocuments = gauge(
    'synapse_migration_documents',
    'Documents of the bulk migration by state: total, migrated, verified.',
    ['state'],
  );
  const migrationProgress = gauge('synapse_migration_progress_ratio', 'Migrated / total documents of the bulk migration (0–1).');
  const componentDuration = histogram(
    'synapse_pipeline_component_duration_seconds',
    'Duration of pipeline component runs.',
    ['component', 'type', 'outcome'],
    LATENCY_BUCKETS,
  );
  const pipelineDuration = histogram(
    'synapse_pipeline_run_duration_seconds',
    'Duration of pipeline runs.',
    ['outcome'],
    LATENCY_BUCKETS,
  );

  const tracer: Tracer = {
    onEvent(event: TraceEvent) {
      if (event.type === 'component:end' || event.type === 'component:error') {
        const outcome = event.type === 'component:end' ? 'ok' : 'error';
        componentDuration.observe({ component: event.component, type: event.componentType, outcome }, event.durationMs / 1000);
      } else if (event.type === 'pipeline:end') {
        pipelineDuration.observe({ outcome: event.error === undefined ? 'ok' : 'error' }, event.durationMs / 1000);
      }
    },
  };

  const onEvent = (event: MigrationEvent) => {
    switch (event.type) {
      case 'store:call':
        queryDuration.observe(
          { store: event.role, operation: event.operation, shadow: String(event.shadow === true) },
          event.durationMs / 1000,
        );
        if (!event.ok) storeErrors.inc({ store: event.role, operation: event.operation });
        break;
      case 'route':
        readsRouted.inc({ store: event.role, operation: event.operation });
        break;
      case 'dual-write:failure':
        dualWriteFailures.inc({ store: event.role, operation: event.operation, outboxed: String(event.outboxed) });
        break;
      case 'outbox:size':
        outboxSize.set(event.size);
        break;
      case 'shadow:result':
        shadowOverlap.observe({ operation: event.comparison.operation }, event.comparison.overlap);
        if (event.comparison.rankCorrelation !== null) {
          shadowRankCorrelation.observe({ operation: event.comparison.operation }, event.comparison.rankCorrelation);
        }
        shadowReads.inc({ outcome: event.comparison.low ? 'low_overlap' : 'compared' });
        break;
      case 'shadow:failure':
        shadowReads.inc({ outcome: event.reason });
        break;
      case 'circuit:state':
        circuitState.set({ breaker: event.breaker }, CIRCUIT_STATE_VALUES[event.to]);
        circuitTransitions.inc({ breaker: event.breaker, to: event.to });
        break;
      default:
        break;
    }
  };

  return {
    registry,
    queryDuration,
    storeErrors,
    readsRouted,
    shadowOverlap,
    shadowRankCorrelation,
    shadowReads,
    circuitState,
    circuitTransitions,
    outboxSize,
    dualWriteFailures,
    migrationDocuments,
    migrationProgress,
    componentDuration,
    pipelineDuration,
    tracer,
    observe: (source) => source.onEvent(onEvent),
    setMigrationProgress({ total, migrated, verified }) {
      migrationDocuments.set({ state: 'total' }, total);
      migrationDocuments.set({ state: 'migrated' }, migrated);
      if (verified !== undefined) migrationDocuments.set({ state: 'verified' }, verified);
      migrationProgress.set(total === 0 ? 1 : Math.min(1, migrated / total));
    },
  };
}
