import {
  createDocument,
  type Document,
  InMemoryDocumentStore,
  StoreUnavailableError,
  SynapseError,
  seededRandom,
} from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { CircuitOpenError } from './errors.js';
import { FailoverDocumentStore } from './failover-document-store.js';
import { SILENT_LOGGER } from './logger.js';

/** An in-memory primary that fails half of its calls, decided by a seeded random source. */
class FlakyStore extends InMemoryDocumentStore {
  calls = 0;
  failures = 0;
  constructor(private readonly random: () => number) {
    super({ embeddingSimilarityFunction: 'cosine' });
  }
  private gate<T>(fn: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.random() < 0.5) {
      this.failures++;
      return Promise.reject(new StoreUnavailableError('injected failure'));
    }
    return fn();
  }
  override embeddingRetrieval(...args: Parameters<InMemoryDocumentStore['embeddingRetrieval']>) {
    return this.gate(() => super.embeddingRetrieval(...args));
  }
  override writeDocuments(...args: Parameters<InMemoryDocumentStore['writeDocuments']>) {
    return this.gate(() => super.writeDocuments(...args));
  }
}

const vector = (i: number) => Array.from({ length: 6 }, (_, d) => Math.sin(i * 1.7 + d));
const docs: Document[] = Array.from({ length: 60 }, (_, i) =>
  createDocument({ id: `d${i}`, content: `doc ${i}`, embedding: vector(i) }),
);

describe('FailoverDocumentStore over a primary failing 50 % of calls (seeded)', () => {
  it('every read answers with the healthy result; the circuit opens and closes; metrics count it', async () => {
    const primary = new FlakyStore(seededRandom(20));
    const fallback = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
    const healthy = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
    await InMemoryDocumentStore.prototype.writeDocuments.call(primary, docs);
    await fallback.writeDocuments(docs);
    await healthy.writeDocuments(docs);
    let clock = 0;
    const metrics = createMetrics();
    const store = new FailoverDocumentStore({
      primary,
      fallback,
      failureThreshold: 3,
      cooldownMs: 100,
      metrics,
      logger: SILENT_LOGGER,
      now: () => clock,
    });
    const transitions: string[] = [];
    store.onEvent((e) => {
      if (e.type === 'circuit:state') transitions.push(e.to);
    });
    for (let i = 0; i < 400; i++) {
      clock += 20;
      const query = { queryEmbedding: vector(1000 + i), topK: 5 };
      const got = await store.embeddingRetrieval(query);
      expect(got.map((d) => d.id)).toEqual((await healthy.embeddingRetrieval(query)).map((d) => d.id));
    }
    expect(primary.failures).toBeGreaterThan(0);
    expect(transitions.filter((t) => t === 'open').length).toBeGreaterThan(0);
    expect(transitions.filter((t) => t === 'closed').length).toBeGreaterThan(0);
    expect(primary.calls).toBeLessThan(400); // the open circuit shields the primary
    const text = await metrics.registry.metrics();
    const opened = Number(/synapse_circuit_transitions_total\{breaker="primary",to="open"\} (\d+)/.exec(text)?.[1]);
    expect(opened).toBe(transitions.filter((t) => t === 'open').length);
    await store.close();
  });

  it('writes either succeed (and are in the primary) or fail with a typed error; none is silently lost', async () => {
    const primary = new FlakyStore(seededRandom(5));
    const store = new FailoverDocumentStore({
      primary,
      fallback: new InMemoryDocumentStore(),
      failureThreshold: 3,
      cooldownMs: 100,
      logger: SILENT_LOGGER,
      now: (() => {
        let t = 0;
        return () => (t += 20);
      })(),
    });
    const written: string[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const d = createDocument({ id: `w${i}`, content: `write ${i}`, embedding: vector(i) });
      try {
        await store.writeDocuments([d]);
        written.push(d.id);
      } catch (error) {
        expect(error).toBeInstanceOf(SynapseError);
        kinds.add(error instanceof CircuitOpenError ? 'circuit-open' : (error as SynapseError).code);
      }
    }
    expect([...kinds].sort()).toEqual(['STORE_UNAVAILABLE', 'circuit-open']);
    const stored = (await InMemoryDocumentStore.prototype.filterDocuments.call(primary)).map((d) => d.id).sort();
    expect(stored).toEqual([...written].sort());
    expect(written.length).toBeGreaterThan(0);
    await store.close();
  });
});
