import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore, type ChromaServer, startChromaServer } from '@synapse-rag/chroma';
import { canonicalJson, type Document, type DocumentStore } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { freePort } from '@synapse-rag/pgvector/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { FlagSource } from './flag-source.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { SILENT_LOGGER } from './logger.js';

const DIM = 8;
const doc = (id: string, content: string, i: number): Document => ({
  id,
  content,
  meta: { i, tags: ['a', 'b'], nested: { ok: i % 2 === 0 }, nothing: null },
  embedding: Array.from({ length: DIM }, (_, d) => Math.sin(i * 7 + d) + 0.01 * d),
});

/** id → sha256(content, canonical meta): equal maps = same ids with the same content. */
async function contentHashes(store: DocumentStore): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const d of await store.filterDocuments()) {
    hashes.set(
      d.id,
      createHash('sha256')
        .update(JSON.stringify([d.content, canonicalJson(d.meta ?? {})]))
        .digest('hex'),
    );
  }
  return new Map([...hashes].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Largest difference between the two stores' embeddings of the same id (Chroma returns float32
 * values that can differ from pgvector's by one ulp, so embeddings are compared to a tolerance).
 */
async function maxEmbeddingDifference(a: DocumentStore, b: DocumentStore): Promise<number> {
  const byId = new Map((await b.filterDocuments()).map((d) => [d.id, d.embedding ?? []]));
  let max = 0;
  for (const d of await a.filterDocuments()) {
    const other = byId.get(d.id) ?? [];
    expect(other.length).toBe(d.embedding?.length);
    d.embedding?.forEach((v, i) => {
      max = Math.max(max, Math.abs(v - other[i]!));
    });
  }
  return max;
}

const pgUrl = inject('migrationPgUrl');
const targets: Array<[string, () => PgvectorDocumentStore]> = [
  ['PGlite', () => new PgvectorDocumentStore({ embeddingDimension: DIM, tableName: 'hybrid_docs' })],
];
if (pgUrl) {
  targets.unshift([
    'PostgreSQL',
    () =>
      new PgvectorDocumentStore({
        connectionString: pgUrl,
        embeddingDimension: DIM,
        tableName: `hybrid_${randomUUID().slice(0, 8)}`,
      }),
  ]);
}

describe('HybridDocumentStore on the real servers (Chroma legacy, pgvector target)', () => {
  let dir: string;
  let chroma: ChromaServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-hybrid-int-'));
    chroma = await startChromaServer({ path: join(dir, 'chroma') });
  });
  afterAll(async () => {
    await chroma?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(targets)(
    'Chroma stopped mid-run → writes succeed, the outbox fills; restarted → replayOutbox makes both equal (%s target)',
    async (_name, makeTarget) => {
      const legacy = new ChromaDocumentStore({ collectionName: `legacy-${randomUUID().slice(0, 8)}`, url: chroma.url });
      const target = makeTarget();
      const metrics = createMetrics();
      const hybrid = new HybridDocumentStore({
        legacy,
        target,
        flags: { enableDualWrite: true },
        outbox: join(dir, `outbox-${randomUUID()}.jsonl`),
        metrics,
        logger: SILENT_LOGGER,
      });
      try {
        await hybrid.writeDocuments(Array.from({ length: 10 }, (_, i) => doc(`a${i}`, `first batch ${i}`, i)));
        expect(await legacy.countDocuments()).toBe(10);
        expect(await contentHashes(legacy)).toEqual(await contentHashes(target));

        await chroma.stop();
        await expect(legacy.countDocuments()).rejects.toThrow();
        expect(
          await hybrid.writeDocuments(Array.from({ length: 10 }, (_, i) => doc(`b${i}`, `second batch ${i}`, 100 + i))),
        ).toBe(10);
        await hybrid.deleteDocuments(['a0', 'a1']);
        await hybrid.writeDocuments([doc('a5', 'a5 rewritten while Chroma was down', 555)], { policy: 'overwrite' });
        expect(await hybrid.outboxSize()).toBe(3);
        expect(await target.countDocuments()).toBe(18);
        expect((await metrics.registry.getSingleMetricAsString('synapse_outbox_size')).trim().split('\n').pop()).toBe(
          'synapse_outbox_size 3',
        );

        chroma = await startChromaServer({ path: chroma.path, port: chroma.port });
        expect(await legacy.countDocuments()).toBe(10);
        expect(await hybrid.replayOutbox()).toEqual({ applied: 3, remaining: 0 });
        const legacyHashes = await contentHashes(legacy);
        expect([...legacyHashes.keys()]).toEqual([...(await contentHashes(target)).keys()]);
        expect(legacyHashes).toEqual(await contentHashes(target));
        expect(legacyHashes.size).toBe(18);
        expect(await maxEmbeddingDifference(legacy, target)).toBeLessThan(1e-6);
        // Idempotent: a second replay (or a replay after a crash before the acknowledgement) changes nothing.
        expect(await hybrid.replayOutbox()).toEqual({ applied: 0, remaining: 0 });
        expect(await contentHashes(legacy)).toEqual(legacyHashes);
      } finally {
        await hybrid.close();
        await target.close();
      }
    },
  );

  it('a flag file change reaches the running hybrid store (Chroma → pgvector reads, no restart)', async () => {
    const flagFile = join(dir, `flags-${randomUUID()}.json`);
    await writeFile(flagFile, JSON.stringify({ FF_USE_PGVECTOR: 'false' }));
    const flags = await FlagSource.fromFile(flagFile, { pollIntervalMs: 100, logger: SILENT_LOGGER });
    const legacy = new ChromaDocumentStore({
      collectionName: `flags-${randomUUID().slice(0, 8)}`,
      url: inject('migrationChromaUrl'),
    });
    const target = targets[0]![1]();
    await legacy.writeDocuments([doc('only-in-chroma', 'legacy copy', 1)]);
    await target.writeDocuments([doc('p1', 'one', 2), doc('p2', 'two', 3)]);
    const hybrid = new HybridDocumentStore({ legacy, target, flags, logger: SILENT_LOGGER });
    try {
      expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(1);
      const changed = new Promise<void>((resolve) => hybrid.onEvent((e) => e.type === 'flags:changed' && resolve()));
      await writeFile(flagFile, JSON.stringify({ FF_USE_PGVECTOR: 'true' }));
      await changed;
      expect(hybrid.flags.usePgvector).toBe(true);
      expect(await hybrid.countDocuments({ routingKey: 'user-1' })).toBe(2);
      expect((await hybrid.embeddingRetrieval({ queryEmbedding: doc('q', '', 2).embedding!, topK: 1 })).map((d) => d.id)).toEqual(
        ['p1'],
      );
    } finally {
      flags.close();
      await hybrid.close();
      await target.close();
    }
  });

  it('target down → the dual write fails and the real Chroma legacy store is not left ahead', async () => {
    const legacy = new ChromaDocumentStore({
      collectionName: `legacy-${randomUUID().slice(0, 8)}`,
      url: inject('migrationChromaUrl'),
    });
    const deadTarget = new PgvectorDocumentStore({
      connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`,
      embeddingDimension: DIM,
    });
    const hybrid = new HybridDocumentStore({
      legacy,
      target: deadTarget,
      flags: { enableDualWrite: true },
      outbox: join(dir, `outbox-${randomUUID()}.jsonl`),
      logger: SILENT_LOGGER,
    });
    try {
      await expect(hybrid.writeDocuments([doc('x1', 'never written', 1)])).rejects.toThrow();
      await expect(hybrid.deleteDocuments(['x1'])).rejects.toThrow();
      expect(await legacy.countDocuments()).toBe(0);
      expect(await hybrid.outboxSize()).toBe(0);
    } finally {
      await hybrid.close();
      await deadTarget.close();
    }
  });
});
