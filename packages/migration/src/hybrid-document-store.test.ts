import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDocument,
  type Document,
  type DocumentStore,
  InMemoryDocumentStore,
  InvalidOptionsError,
  StoreUnavailableError,
} from '@synapse-rag/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedRetrievalError } from './errors.js';
import { FlagSource } from './flag-source.js';
import { HybridDocumentStore, type HybridDocumentStoreOptions } from './hybrid-document-store.js';
import { SILENT_LOGGER } from './logger.js';
import type { MigrationEvent } from './migration-events.js';

const docs = (n: number, prefix = 'd'): Document[] =>
  Array.from({ length: n }, (_, i) =>
    createDocument({
      id: `${prefix}${i}`,
      content: `document number ${i} about topic ${i % 3}`,
      embedding: [1, i + 1, (i % 3) + 0.5],
    }),
  );

/** An in-memory store whose operations can be made to fail (a store that is down). */
class FlakyStore extends InMemoryDocumentStore {
  down = false;
  override async writeDocuments(...args: Parameters<InMemoryDocumentStore['writeDocuments']>) {
    if (this.down) throw new StoreUnavailableError('store is down');
    return super.writeDocuments(...args);
  }
  override async deleteDocuments(ids: readonly string[]) {
    if (this.down) throw new StoreUnavailableError('store is down');
    return super.deleteDocuments(ids);
  }
}

/** A store with embedding retrieval that answers only after `ms` (and logs when it finishes). */
class SlowStore extends InMemoryDocumentStore {
  constructor(
    private readonly ms: number,
    private readonly log: string[],
  ) {
    super();
  }
  override async embeddingRetrieval(options: Parameters<InMemoryDocumentStore['embeddingRetrieval']>[0]) {
    await new Promise((r) => setTimeout(r, this.ms));
    this.log.push('shadow-finished');
    return super.embeddingRetrieval(options);
  }
}

/** Chroma-like: a DocumentStore with embedding retrieval and no keyword retrieval. */
function withoutKeyword(store: InMemoryDocumentStore): DocumentStore {
  return {
    writeDocuments: (d, o) => store.writeDocuments(d, o),
    filterDocuments: (f) => store.filterDocuments(f),
    countDocuments: () => store.countDocuments(),
    deleteDocuments: (ids) => store.deleteDocuments(ids),
    toJSON: () => store.toJSON(),
    embeddingRetrieval: (o: Parameters<InMemoryDocumentStore['embeddingRetrieval']>[0]) => store.embeddingRetrieval(o),
  } as DocumentStore;
}

const ids = async (store: DocumentStore) => (await store.filterDocuments()).map((d) => d.id).sort();

describe('HybridDocumentStore', () => {
  let dir: string;
  const stores: HybridDocumentStore[] = [];
  const make = (options: Partial<HybridDocumentStoreOptions> & Pick<HybridDocumentStoreOptions, 'legacy' | 'target'>) => {
    const store = new HybridDocumentStore({ flags: {}, logger: SILENT_LOGGER, ...options });
    stores.push(store);
    return store;
  };
  const record = (store: HybridDocumentStore) => {
    const events: MigrationEvent[] = [];
    store.onEvent((e) => events.push(e));
    return events;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-hybrid-'));
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('validates its options', () => {
    expect(
      () => new HybridDocumentStore({ legacy: {} as DocumentStore, target: new InMemoryDocumentStore(), flags: {} }),
    ).toThrow(InvalidOptionsError);
    expect(
      () =>
        new HybridDocumentStore({
          legacy: new InMemoryDocumentStore(),
          target: new InMemoryDocumentStore(),
          flags: { pgvectorReadPercentage: 101 },
        }),
    ).toThrow(/pgvectorReadPercentage=101/);
    expect(
      () =>
        new HybridDocumentStore({
          legacy: new InMemoryDocumentStore(),
          target: new InMemoryDocumentStore(),
          flags: {},
          random: 0.5 as never,
        }),
    ).toThrow('random must be a function');
  });

  it('dual write off: usePgvector → target only, otherwise legacy only', async () => {
    const legacy = new InMemoryDocumentStore();
    const target = new InMemoryDocumentStore();
    const flags = FlagSource.fromObject({});
    const hybrid = make({ legacy, target, flags });
    await hybrid.writeDocuments(docs(2, 'l'));
    flags.set({ usePgvector: true });
    await hybrid.writeDocuments(docs(3, 't'));
    expect(await ids(legacy)).toEqual(['l0', 'l1']);
    expect(await ids(target)).toEqual(['t0', 't1', 't2']);
    await hybrid.deleteDocuments(['t0', 'l0']);
    expect(await legacy.countDocuments()).toBe(2);
    expect(await target.countDocuments()).toBe(2);
  });

  it('dual write with the target down: the call fails and the legacy store is not touched', async () => {
    const legacy = new FlakyStore();
    const target = new FlakyStore();
    const hybrid = make({ legacy, target, flags: { enableDualWrite: true }, outbox: join(dir, 'outbox.jsonl') });
    await hybrid.writeDocuments(docs(2));
    target.down = true;
    await expect(hybrid.writeDocuments(docs(5, 'x'))).rejects.toThrow(/store is down/);
    await expect(hybrid.deleteDocuments(['d0'])).rejects.toThrow(/store is down/);
    // Target first: the legacy store never got the failed write or delete, so it is not ahead.
    expect(await ids(legacy)).toEqual(['d0', 'd1']);
    expect(await hybrid.outboxSize()).toBe(0);
  });

  it('legacy down: writes and deletes succeed, the outbox fills in order, replay makes the stores equal', async () => {
    const legacy = new FlakyStore();
    const target = new FlakyStore();
    const hybrid = make({ legacy, target, flags: { enableDualWrite: true }, outbox: join(dir, 'outbox.jsonl') });
    const events = record(hybrid);
    await hybrid.writeDocuments(docs(3));
    legacy.down = true;
    expect(await hybrid.writeDocuments(docs(2, 'n'))).toBe(2);
    await hybrid.deleteDocuments(['d0']);
    legacy.down = false;
    // The outbox still holds older entries: this write queues behind them instead of overtaking them.
    await hybrid.writeDocuments([createDocument({ id: 'n0', content: 'newest n0' })], { policy: 'overwrite' });
    expect(await hybrid.outboxSize()).toBe(3);
    expect(await ids(legacy)).toEqual(['d0', 'd1', 'd2']);
    // Only the first legacy leg failed; the delete and the later write were queued behind it.
    const failures = events.filter((e) => e.type === 'dual-write:failure');
    expect(failures).toEqual([expect.objectContaining({ operation: 'writeDocuments', outboxed: true })]);

    expect(await hybrid.replayOutbox()).toEqual({ applied: 3, remaining: 0 });
    const content = async (s: DocumentStore) => (await s.filterDocuments()).map((d) => `${d.id}:${d.content}`).sort();
    expect(await content(legacy)).toEqual(await content(target));
    expect(await content(legacy)).toContain('n0:newest n0');
    expect(await hybrid.replayOutbox()).toEqual({ applied: 0, remaining: 0 });
  });

  it('replay stops at a failure and keeps the rest', async () => {
    const legacy = new FlakyStore();
    const hybrid = make({
      legacy,
      target: new InMemoryDocumentStore(),
      flags: { enableDualWrite: true },
      outbox: join(dir, 'o.jsonl'),
    });
    legacy.down = true;
    await hybrid.writeDocuments(docs(2));
    const result = await hybrid.replayOutbox();
    expect(result).toMatchObject({ applied: 0, remaining: 1 });
    expect(result.error).toBeInstanceOf(StoreUnavailableError);
  });

  it('without an outbox a legacy failure is counted (outboxed: false) and the write still succeeds', async () => {
    const legacy = new FlakyStore();
    legacy.down = true;
    const hybrid = make({ legacy, target: new InMemoryDocumentStore(), flags: { enableDualWrite: true } });
    const events = record(hybrid);
    expect(await hybrid.writeDocuments(docs(1))).toBe(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'dual-write:failure', outboxed: false }));
    expect(await hybrid.replayOutbox()).toEqual({ applied: 0, remaining: 0 });
  });

  it('reads follow routeRead: sticky per key, usePgvector → target', async () => {
    const legacy = new InMemoryDocumentStore();
    const target = new InMemoryDocumentStore();
    await legacy.writeDocuments(docs(1, 'legacy'));
    await target.writeDocuments(docs(2, 'target'));
    const flags = FlagSource.fromObject({ pgvectorReadPercentage: 50 });
    const hybrid = make({ legacy, target, flags });
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    for (const k of keys) {
      const expected = hybrid.routeRead(k) === 'target' ? 2 : 1;
      expect(await hybrid.countDocuments({ routingKey: k })).toBe(expected);
      expect((await hybrid.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 5, routingKey: k })).length).toBe(expected);
    }
    flags.set({ usePgvector: true });
    expect(await hybrid.countDocuments({ routingKey: keys[0] })).toBe(2);
  });

  it('a flag file change reaches a running hybrid store', async () => {
    const file = join(dir, 'flags.json');
    await writeFile(file, JSON.stringify({ pgvectorReadPercentage: 0 }));
    const flags = await FlagSource.fromFile(file, { pollIntervalMs: 50, logger: SILENT_LOGGER });
    const legacy = new InMemoryDocumentStore();
    const target = new InMemoryDocumentStore();
    await target.writeDocuments(docs(4));
    const hybrid = make({ legacy, target, flags });
    expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(0);
    const changed = new Promise<MigrationEvent>((resolve) => hybrid.onEvent((e) => e.type === 'flags:changed' && resolve(e)));
    await writeFile(file, JSON.stringify({ FF_PGVECTOR_READ_PERCENTAGE: '100' }));
    expect(await changed).toMatchObject({ flags: { pgvectorReadPercentage: 100 } });
    expect(hybrid.routeRead('user-1')).toBe('target');
    expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(4);
    flags.close();
  });

  it('a slow (2 s) shadow store does not delay the primary answer; the comparison arrives after it', async () => {
    const log: string[] = [];
    const legacy = new InMemoryDocumentStore();
    const target = new SlowStore(2000, log);
    await legacy.writeDocuments(docs(6));
    await target.writeDocuments(docs(6));
    const hybrid = make({ legacy, target, flags: { enableShadowReads: true, shadowReadSampleRate: 1 }, shadowTimeoutMs: 10_000 });
    hybrid.onEvent((e) => {
      if (e.type === 'shadow:result') log.push(`compared:${e.comparison.overlap}`);
    });
    const query = { queryEmbedding: [1, 2, 1.5], topK: 3 };
    const answer = await hybrid.embeddingRetrieval({ ...query, routingKey: 'u' });
    log.push('primary-returned');
    expect(answer).toEqual(await legacy.embeddingRetrieval(query));
    await hybrid.settleShadows();
    expect(log).toEqual(['primary-returned', 'shadow-finished', 'compared:1']);
  });

  it('a shadow read past shadowTimeoutMs is abandoned and counted; shadow errors never reach the caller', async () => {
    const log: string[] = [];
    const legacy = new InMemoryDocumentStore();
    await legacy.writeDocuments(docs(3));
    const hybrid = make({ legacy, target: new SlowStore(2000, log), flags: { enableShadowReads: true }, shadowTimeoutMs: 50 });
    const events = record(hybrid);
    const answer = await hybrid.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 2 });
    log.push('primary-returned');
    expect(answer.map((d) => d.id)).toHaveLength(2);
    await hybrid.settleShadows();
    expect(events).toContainEqual(expect.objectContaining({ type: 'shadow:failure', reason: 'timeout', shadow: 'target' }));
    expect(log[0]).toBe('primary-returned');

    const broken = new InMemoryDocumentStore();
    broken.embeddingRetrieval = async () => {
      throw new Error('shadow exploded');
    };
    const hybrid2 = make({ legacy, target: broken, flags: { enableShadowReads: true } });
    const events2 = record(hybrid2);
    expect(await hybrid2.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 2 })).toEqual(answer);
    await hybrid2.settleShadows();
    expect(events2).toContainEqual(expect.objectContaining({ type: 'shadow:failure', reason: 'error' }));
  });

  it('sampling: rate 0 never shadows; low-overlap events keep the query and both id lists', async () => {
    const legacy = new InMemoryDocumentStore();
    const target = new InMemoryDocumentStore();
    await legacy.writeDocuments(docs(4, 'a'));
    await target.writeDocuments(docs(4, 'b'));
    const off = make({ legacy, target, flags: { enableShadowReads: true, shadowReadSampleRate: 0 } });
    const offEvents = record(off);
    await off.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 2 });
    await off.settleShadows();
    expect(offEvents.some((e) => e.type.startsWith('shadow'))).toBe(false);

    const on = make({ legacy, target, flags: { enableShadowReads: true } });
    const events = record(on);
    await on.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 2, routingKey: 'user-7' });
    await on.keywordRetrieval({ query: 'topic', topK: 2 });
    await on.settleShadows();
    const results = events.flatMap((e) => (e.type === 'shadow:result' ? [e.comparison] : []));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      operation: 'embeddingRetrieval',
      primary: 'legacy',
      shadow: 'target',
      overlap: 0,
      low: true,
      routingKey: 'user-7',
      query: { embedding: [1, 1, 1], topK: 2 },
    });
    expect(results[0]!.primaryIds.every((id) => id.startsWith('a'))).toBe(true);
    expect(results[0]!.shadowIds.every((id) => id.startsWith('b'))).toBe(true);
    expect(results[1]).toMatchObject({ operation: 'keywordRetrieval', low: true, query: { text: 'topic', topK: 2 } });
  });

  it('keyword retrieval routed to a store without it (Chroma-like): empty, other or error', async () => {
    const legacyInner = new InMemoryDocumentStore();
    await legacyInner.writeDocuments(docs(3, 'l'));
    const legacy = withoutKeyword(legacyInner);
    const target = new InMemoryDocumentStore();
    await target.writeDocuments(docs(3, 't'));
    const query = { query: 'document topic', topK: 3 };

    const empty = make({ legacy, target, flags: { enableShadowReads: true } });
    const events = record(empty);
    expect(await empty.keywordRetrieval(query)).toEqual([]);
    // Embedding retrieval still works on the legacy store.
    expect((await empty.embeddingRetrieval({ queryEmbedding: [1, 1, 1], topK: 3 })).map((d) => d.id[0])).toEqual(['l', 'l', 'l']);
    // Routed to the target, the shadow on the legacy store is reported as unsupported.
    const toTarget = make({ legacy, target, flags: { usePgvector: true, enableShadowReads: true } });
    const targetEvents = record(toTarget);
    expect((await toTarget.keywordRetrieval(query)).map((d) => d.id[0])).toEqual(['t', 't', 't']);
    expect(targetEvents).toContainEqual(
      expect.objectContaining({ type: 'shadow:failure', reason: 'unsupported', shadow: 'legacy' }),
    );
    expect(events).toContainEqual(expect.objectContaining({ type: 'route', role: 'legacy', operation: 'keywordRetrieval' }));

    const other = make({ legacy, target, flags: {}, keywordFallback: 'other' });
    expect((await other.keywordRetrieval(query)).map((d) => d.id[0])).toEqual(['t', 't', 't']);

    const strict = make({ legacy, target, flags: {}, keywordFallback: 'error' });
    await expect(strict.keywordRetrieval(query)).rejects.toThrow(UnsupportedRetrievalError);
  });

  it('serializes with both stores and the current flags, and loads back through the registry', async () => {
    const { defaultRegistry } = await import('@synapse-rag/core');
    const hybrid = make({
      legacy: new InMemoryDocumentStore({ index: 'hyb-legacy' }),
      target: new InMemoryDocumentStore({ index: 'hyb-target' }),
      flags: { pgvectorReadPercentage: 25 },
      outbox: join(dir, 'o.jsonl'),
    });
    const json = hybrid.toJSON();
    expect(json).toMatchObject({
      type: 'migration.HybridDocumentStore',
      options: { flags: { pgvectorReadPercentage: 25 }, outbox: join(dir, 'o.jsonl'), keywordFallback: 'empty' },
    });
    const loaded = defaultRegistry.createStore(json) as HybridDocumentStore;
    stores.push(loaded);
    expect(loaded).toBeInstanceOf(HybridDocumentStore);
    expect(loaded.toJSON()).toEqual(json);
  });
});
