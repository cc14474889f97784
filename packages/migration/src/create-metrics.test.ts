import { Pipeline, PromptBuilder } from '@synapse-rag/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { Listeners } from './listeners.js';
import type { MigrationEvent } from './migration-events.js';

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as Array<{ value: number; labels: Record<string, unknown>; metricName?: string }>) {
      if ((v.metricName ?? metric.name) !== name) continue;
      if (Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l)) return v.value;
    }
  }
  return undefined;
}

describe('createMetrics', () => {
  it('registers in the given registry; two instances with their own registries do not clash', async () => {
    const registry = new Registry();
    const metrics = createMetrics(registry);
    expect(metrics.registry).toBe(registry);
    createMetrics();
    const text = await registry.metrics();
    for (const name of [
      'synapse_store_query_duration_seconds',
      'synapse_store_errors_total',
      'synapse_shadow_read_overlap',
      'synapse_circuit_state',
      'synapse_outbox_size',
      'synapse_dual_write_failures_total',
      'synapse_migration_progress_ratio',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('the tracer maps pipeline and component events of a real run', async () => {
    const metrics = createMetrics();
    const pipeline = new Pipeline().addComponent('prompt', new PromptBuilder({ template: 'Q: {{ query }}' }));
    await pipeline.run({ prompt: { query: 'hello' } }, { tracer: metrics.tracer });
    expect(
      await value(metrics.registry, 'synapse_pipeline_component_duration_seconds_count', {
        component: 'prompt',
        type: 'core.PromptBuilder',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(await value(metrics.registry, 'synapse_pipeline_run_duration_seconds_count', { outcome: 'ok' })).toBe(1);
  });

  it('maps store events: calls, errors, dual-write failures, outbox size, shadow results, circuit state', async () => {
    const metrics = createMetrics();
    const events = new Listeners<MigrationEvent>();
    const off = metrics.observe({ onEvent: (l) => events.on(l) });
    events.emit({ type: 'store:call', role: 'target', operation: 'embeddingRetrieval', durationMs: 12, ok: true });
    events.emit({
      type: 'store:call',
      role: 'legacy',
      operation: 'writeDocuments',
      durationMs: 5,
      ok: false,
      error: new Error('x'),
    });
    events.emit({
      type: 'dual-write:failure',
      role: 'legacy',
      operation: 'writeDocuments',
      error: new Error('x'),
      outboxed: true,
    });
    events.emit({ type: 'outbox:size', size: 3 });
    events.emit({
      type: 'shadow:result',
      comparison: {
        operation: 'embeddingRetrieval',
        primary: 'legacy',
        shadow: 'target',
        k: 2,
        overlap: 0.5,
        rankCorrelation: null,
        low: true,
        primaryIds: ['a'],
        shadowIds: ['b'],
      },
    });
    events.emit({ type: 'shadow:failure', reason: 'timeout', operation: 'embeddingRetrieval', shadow: 'target' });
    events.emit({ type: 'circuit:state', breaker: 'pgvector', from: 'closed', to: 'open', reason: 'test' });
    const r = metrics.registry;
    expect(
      await value(r, 'synapse_store_query_duration_seconds_count', { store: 'target', operation: 'embeddingRetrieval' }),
    ).toBe(1);
    expect(await value(r, 'synapse_store_errors_total', { store: 'legacy', operation: 'writeDocuments' })).toBe(1);
    expect(await value(r, 'synapse_dual_write_failures_total', { store: 'legacy', outboxed: 'true' })).toBe(1);
    expect(await value(r, 'synapse_outbox_size')).toBe(3);
    expect(await value(r, 'synapse_shadow_read_overlap_sum')).toBe(0.5);
    expect(await value(r, 'synapse_shadow_reads_total', { outcome: 'low_overlap' })).toBe(1);
    expect(await value(r, 'synapse_shadow_reads_total', { outcome: 'timeout' })).toBe(1);
    expect(await value(r, 'synapse_circuit_state', { breaker: 'pgvector' })).toBe(2);
    off();
    events.emit({ type: 'outbox:size', size: 9 });
    expect(await value(r, 'synapse_outbox_size')).toBe(3);
  });

  it('migration progress: ratio of migrated to total (1 for an empty source)', async () => {
    const metrics = createMetrics();
    metrics.setMigrationProgress({ total: 200, migrated: 50 });
    expect(await value(metrics.registry, 'synapse_migration_progress_ratio')).toBe(0.25);
    expect(await value(metrics.registry, 'synapse_migration_documents', { state: 'migrated' })).toBe(50);
    metrics.setMigrationProgress({ total: 0, migrated: 0 });
    expect(await value(metrics.registry, 'synapse_migration_progress_ratio')).toBe(1);
  });
});
