import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDocument,
  defaultRegistry,
  FilterError,
  InMemoryDocumentStore,
  SerializationError,
  StoreUnavailableError,
} from '@synapse-rag/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { CircuitOpenError, StoreTimeoutError } from './errors.js';
import { FailoverDocumentStore, type FailoverDocumentStoreOptions } from './failover-document-store.js';
import { SILENT_LOGGER } from './logger.js';
import type { MigrationEvent } from './migration-events.js';

type Mode = 'up' | 'down' | 'hang';

/** An in-memory store that can be up, failing, or hanging forever (never settling). */
class ControllableStore extends InMemoryDocumentStore {
  mode: Mode = 'up';
  calls = 0;
  private gate<T>(fn: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.mode === 'down') return Promise.reject(new StoreUnavailableError('primary is down'));
    if (this.mode === 'hang') return new Promise<T>(() => {});
    return fn();
  }
  override countDocuments() {
    return this.gate(() => super.countDocuments());
  }
  override filterDocuments(...args: Parameters<InMemoryDocumentStore['filterDocuments']>) {
    return this.gate(() => super.filterDocuments(...args));
  }
  override writeDocuments(...args: Parameters<InMemoryDocumentStore['writeDocuments']>) {
    return this.gate(() => super.writeDocuments(...args));
  }
  override embeddingRetrieval(...args: Parameters<InMemoryDocumentStore['embeddingRetrieval']>) {
    return this.gate(() => super.embeddingRetrieval(...args));
  }
}

describe('FailoverDocumentStore', () => {
  let primary: ControllableStore;
  let fallback: InMemoryDocumentStore;
  let clock: number;
  const make = (options: Partial<FailoverDocumentStoreOptions> = {}) => {
    const store = new FailoverDocumentStore({
      primary,
      fallback,
      failureThreshold: 3,
      timeoutMs: 1000,
      cooldownMs: 5000,
      logger: SILENT_LOGGER,
      now: () => clock,
      ...options,
    });
    const events: MigrationEvent[] = [];
    store.onEvent((e) => events.push(e));
    const states = () => events.flatMap((e) => (e.type === 'circuit:state' ? [`${e.from}->${e.to}`] : []));
    return { store, events, states };
  };

  it('rejects a clock that is not a function, naming the option', () => {
    expect(() => make({ now: 5 as never })).toThrow('now must be a function');
  });

  beforeEach(async () => {
    clock = 1_000_000;
    primary = new ControllableStore();
    fallback = new InMemoryDocumentStore();
    await primary.writeDocuments([
      createDocument({ id: 'p1', content: 'primary' }),
      createDocument({ id: 'p2', content: 'primary' }),
    ]);
    await fallback.writeDocuments([createDocument({ id: 'f1', content: 'fallback' })]);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closed → open after N failures → half-open after the cool-down → closed on recovery', async () => {
    const metrics = createMetrics();
    const { store, states } = make({ metrics });
    expect(store.state).toBe('closed');
    expect(await store.countDocuments()).toBe(2);

    primary.mode = 'down';
    // Failing reads are answered by the fallback; the third consecutive failure opens the circuit.
    for (let i = 0; i < 3; i++) expect(await store.countDocuments()).toBe(1);
    expect(store.state).toBe('open');
    expect(states()).toEqual(['closed->open']);
    const callsWhenOpened = primary.calls;
    expect(await store.countDocuments()).toBe(1);
    expect(primary.calls).toBe(callsWhenOpened); // open: the primary is not called at all

    primary.mode = 'up';
    clock += 4999;
    expect(await store.countDocuments()).toBe(1); // still cooling down
    clock += 1;
    expect(await store.countDocuments()).toBe(2); // the probe went through and succeeded
    expect(store.state).toBe('closed');
    expect(states()).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    expect((await metrics.registry.getSingleMetricAsString('synapse_circuit_state')).trim().split('\n').pop()).toBe(
      'synapse_circuit_state{breaker="primary"} 0',
    );
  });

  it('a failed probe re-opens the circuit for another cool-down; successes reset the failure count', async () => {
    const { store, states } = make({ failureThreshold: 2 });
    primary.mode = 'down';
    await store.countDocuments();
    primary.mode = 'up';
    await store.countDocuments(); // success resets: not consecutive
    primary.mode = 'down';
    await store.countDocuments();
    expect(store.state).toBe('closed');
    await store.countDocuments();
    expect(store.state).toBe('open');
    clock += 5000;
    expect(await store.countDocuments()).toBe(1); // probe fails → fallback answers
    expect(store.state).toBe('open');
    clock += 4999;
    await store.countDocuments();
    expect(store.state).toBe('open');
    expect(states()).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
  });

  it('no call waits longer than timeoutMs on a primary that hangs (fake timers: exact)', async () => {
    vi.useFakeTimers();
    const { store, events } = make({ timeoutMs: 1000 });
    primary.mode = 'hang';
    let settled: number | undefined;
    const pending = store.countDocuments().then((n) => {
      settled = n;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toBe(1); // answered by the fallback at exactly timeoutMs
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'store:call', role: 'primary', ok: false, error: expect.any(StoreTimeoutError) }),
    );

    // Writes on a hanging primary fail with the time-out (they are never written to the fallback alone).
    const write = store.writeDocuments([createDocument({ id: 'w', content: 'w' })]);
    const outcome = write.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toBeInstanceOf(StoreTimeoutError);
    expect(await fallback.countDocuments()).toBe(1);
  });

  it('time-outs count as failures and open the circuit; then calls do not touch the primary', async () => {
    vi.useFakeTimers();
    const { store } = make({ timeoutMs: 200, failureThreshold: 2 });
    primary.mode = 'hang';
    for (let i = 0; i < 2; i++) {
      const p = store.filterDocuments();
      await vi.advanceTimersByTimeAsync(200);
      expect((await p).map((d) => d.id)).toEqual(['f1']);
    }
    expect(store.state).toBe('open');
    expect((await store.filterDocuments()).map((d) => d.id)).toEqual(['f1']);
  });

  it('writes while open fail with CircuitOpenError — or, with an outbox, go to the fallback and are queued for the primary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-failover-'));
    try {
      const { store } = make({ failureThreshold: 1 });
      primary.mode = 'down';
      await expect(store.writeDocuments([createDocument({ id: 'x', content: 'x' })])).rejects.toThrow(StoreUnavailableError);
      expect(store.state).toBe('open');
      await expect(store.writeDocuments([createDocument({ id: 'x', content: 'x' })])).rejects.toThrow(CircuitOpenError);
      expect(await fallback.countDocuments()).toBe(1);

      const withOutbox = make({ failureThreshold: 1, outbox: join(dir, 'outbox.jsonl') }).store;
      await withOutbox.countDocuments(); // opens
      expect(withOutbox.state).toBe('open');
      expect(await withOutbox.writeDocuments([createDocument({ id: 'queued', content: 'q' })])).toBe(1);
      expect((await fallback.filterDocuments()).map((d) => d.id).sort()).toEqual(['f1', 'queued']);
      primary.mode = 'up';
      expect(await withOutbox.replayOutbox()).toEqual({ applied: 1, remaining: 0 });
      expect((await primary.filterDocuments()).map((d) => d.id).sort()).toEqual(['p1', 'p2', 'queued']);
      await withOutbox.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the caller's errors (bad filters) are rethrown and never count against the primary", async () => {
    const { store } = make({ failureThreshold: 1 });
    await expect(store.filterDocuments({ field: 'meta.x', operator: 'nope' } as never)).rejects.toThrow(FilterError);
    expect(store.state).toBe('closed');
  });

  it('retrieval is routed the same way', async () => {
    await primary.writeDocuments([createDocument({ id: 'pe', content: 'e', embedding: [1, 0] })]);
    await fallback.writeDocuments([createDocument({ id: 'fe', content: 'e', embedding: [1, 0] })]);
    const { store } = make({ failureThreshold: 1 });
    expect((await store.embeddingRetrieval({ queryEmbedding: [1, 0], topK: 1 })).map((d) => d.id)).toEqual(['pe']);
    primary.mode = 'down';
    expect((await store.embeddingRetrieval({ queryEmbedding: [1, 0], topK: 1 })).map((d) => d.id)).toEqual(['fe']);
    expect(store.toJSON()).toMatchObject({
      type: 'migration.FailoverDocumentStore',
      options: { failureThreshold: 1, timeoutMs: 1000, cooldownMs: 5000 },
    });
  });

  it('loads back through the registry from its toJSON; an inner store given as an instance is kept', async () => {
    const { store } = make({ name: 'orders', failureThreshold: 2 });
    const json = store.toJSON();
    expect(json.options).toMatchObject({ name: 'orders', primary: primary.toJSON(), fallback: fallback.toJSON() });
    const loaded = defaultRegistry.createStore(json);
    expect(loaded).toBeInstanceOf(FailoverDocumentStore);
    expect(loaded.toJSON()).toEqual(json);
    const withPrimary = defaultRegistry.createStore({ type: json.type, options: { ...json.options, primary } });
    expect((await withPrimary.filterDocuments()).map((d) => d.id).sort()).toEqual(['p1', 'p2']);
    // an inner store that is neither a store nor { type, options }: a typed error naming the type
    const bad = () => defaultRegistry.createStore({ type: json.type, options: { ...json.options, fallback: 'nope' } });
    expect(bad).toThrow(SerializationError);
    expect(bad).toThrow(`${json.type}: the document store must be a serialized store { type, options }.`);
  });
});
