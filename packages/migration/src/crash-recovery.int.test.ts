import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore, type ChromaServer, startChromaServer } from '@synapse-rag/chroma';
import { type Document, SynapseError } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { asPostgres, localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeContents } from '../test/store-contents.js';
import { FailoverDocumentStore } from './failover-document-store.js';
import { FileOutbox } from './file-outbox.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { SILENT_LOGGER } from './logger.js';
import type { MigrationEvent } from './migration-events.js';

const DIM = 8;
const doc = (id: string, i: number): Document => ({
  id,
  content: `document ${id} about topic ${i % 5}`,
  meta: { i },
  embedding: Array.from({ length: DIM }, (_, d) => Math.sin(i * 3 + d) + 0.01 * d),
});
const range = (prefix: string, from: number, n: number) =>
  Array.from({ length: n }, (_, k) => doc(`${prefix}-${from + k}`, from + k));

const available = await localPostgresAvailable();

// Real crashes of servers this file starts itself (its own PostgreSQL cluster and Chroma server):
// PostgreSQL killed with `pg_ctl stop -m immediate` and restarted, Chroma SIGKILLed mid dual write
// and restarted on the same port and data directory. Nothing may be lost silently.
describe.runIf(available.ok)('crash and restart of the real servers under the migration runtime', () => {
  let dir: string;
  let pg: ThrowawayServer;
  let chroma: ChromaServer;
  let target: PgvectorDocumentStore;
  let legacy: ChromaDocumentStore;
  let outbox: FileOutbox;
  let hybrid: HybridDocumentStore;
  const dualWrite = { enableDualWrite: true, usePgvector: true, pgvectorReadPercentage: 100, enableShadowReads: false };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-crash-'));
    // Production durability: the throwaway default (synchronous_commit off) loses the last
    // commits on an immediate stop, exactly as PostgreSQL documents for asynchronous commit.
    pg = await startPostgres({ settings: { synchronous_commit: 'on' } });
    chroma = await startChromaServer({ path: join(dir, 'chroma') });
    target = new PgvectorDocumentStore({
      connectionString: `${pg.url}?application_name=synapse-crash`,
      embeddingDimension: DIM,
      tableName: 'crash_docs',
    });
    legacy = new ChromaDocumentStore({ url: chroma.url, collectionName: 'crash-docs' });
    outbox = await FileOutbox.open(join(dir, 'outbox.jsonl'));
    hybrid = new HybridDocumentStore({ legacy, target, flags: dualWrite, outbox, logger: SILENT_LOGGER });
    await hybrid.writeDocuments(range('a', 0, 20));
  }, 180_000);
  afterAll(async () => {
    await hybrid?.close();
    await outbox?.close();
    await target?.close();
    await chroma?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('PostgreSQL killed (-m immediate): dual writes fail typed and write nothing; reads fail over to Chroma; after the restart the circuit closes and the stores agree', async () => {
    const events: MigrationEvent[] = [];
    const failover = new FailoverDocumentStore({
      primary: target,
      fallback: legacy,
      failureThreshold: 2,
      timeoutMs: 3000,
      cooldownMs: 300,
      logger: SILENT_LOGGER,
    });
    failover.onEvent((e) => events.push(e));
    const query = { queryEmbedding: doc('q', 3).embedding as number[], topK: 5 };
    const healthy = (await failover.embeddingRetrieval(query)).map((d) => d.id);

    // Killed DURING a 5,000-row dual write (one COPY transaction): typed failure, no partial batch.
    // It goes to its own table and collection on the same servers: whether it commits before the
    // kill depends on timing, and 5,000 more vectors would change Chroma's approximate (HNSW) top 5.
    const bigTarget = new PgvectorDocumentStore({
      connectionString: `${pg.url}?application_name=synapse-crash`,
      embeddingDimension: DIM,
      tableName: 'crash_big',
    });
    const bigLegacy = new ChromaDocumentStore({ url: chroma.url, collectionName: 'crash-big' });
    const bigHybrid = new HybridDocumentStore({
      legacy: bigLegacy,
      target: bigTarget,
      flags: dualWrite,
      logger: SILENT_LOGGER,
    });
    const big = range('big', 1000, 5000);
    const inFlight = bigHybrid.writeDocuments(big).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 150));
    await asPostgres('pg_ctl', ['-D', join(pg.dataDir, 'data'), '-m', 'immediate', '-w', 'stop']);
    const bigFailure = await inFlight;
    if (bigFailure instanceof Error) expect(bigFailure).toBeInstanceOf(SynapseError);
    // The target leg goes first: it fails with a typed error and the legacy leg is never applied.
    const during = range('b', 100, 5);
    const failure = await hybrid.writeDocuments(during).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SynapseError);
    expect((failure as SynapseError).code).toBe('STORE_UNAVAILABLE');
    expect((await legacy.getDocumentsByIds(during.map((d) => d.id))).size).toBe(0);
    expect(outbox.size).toBe(0);

    // Reads keep answering from Chroma; the circuit opens after two failures.
    for (let i = 0; i < 3; i++) {
      const ids = (await failover.embeddingRetrieval(query)).map((d) => d.id);
      expect(ids).toEqual(healthy); // Chroma's top 5 is the primary's
    }
    expect(failover.state).toBe('open');
    expect(events.some((e) => e.type === 'circuit:state' && e.to === 'open')).toBe(true);

    await asPostgres('pg_ctl', ['-D', join(pg.dataDir, 'data'), '-l', join(pg.dataDir, 'log'), '-w', '-t', '60', 'restart']);
    await new Promise((r) => setTimeout(r, 400)); // past the cool-down: the next call probes
    expect((await failover.embeddingRetrieval(query)).map((d) => d.id)).toEqual(healthy);
    expect(failover.state).toBe('closed');
    const transitions = events.flatMap((e) => (e.type === 'circuit:state' ? [e.to] : []));
    expect(transitions).toEqual(['open', 'half-open', 'closed']);

    // All or nothing of the big batch (it failed, or it committed before the kill), never a part.
    const bigStored = await bigTarget.countDocuments();
    expect([0, 5000]).toContain(bigStored);
    if (bigFailure instanceof Error) expect(bigStored).toBe(0);
    // The callers retry what failed: both stores now hold the same documents.
    expect(await hybrid.writeDocuments(during)).toBe(5);
    if (bigStored === 0) await bigHybrid.writeDocuments(big);
    const [t, l] = await Promise.all([storeContents(target), storeContents(legacy)]);
    expect(t.size).toBe(25);
    expect(l).toEqual(t);
    const [bt, bl] = await Promise.all([storeContents(bigTarget), storeContents(bigLegacy)]);
    expect(bt.size).toBe(5000);
    expect(bl).toEqual(bt);
    // The pool recovered without a restart of this process and holds no busy connection.
    const rows = await target.query<{ state: string | null }>(
      "SELECT state FROM pg_stat_activity WHERE application_name = 'synapse-crash' AND pid <> pg_backend_pid()",
    );
    expect(rows.filter((r) => r.state !== 'idle')).toEqual([]);
    await bigHybrid.close();
    await bigTarget.close();
  }, 180_000);

  it('Chroma SIGKILLed during dual writes: the legacy legs go to the outbox; after a restart on the same port and data the replay makes the stores equal', async () => {
    const before = await storeContents(legacy);
    const writes = [range('c', 200, 10), range('c', 210, 10), range('c', 220, 10)];
    const first = hybrid.writeDocuments(writes[0] as Document[]);
    process.kill(chroma.pid, 'SIGKILL');
    await first; // target written; the legacy leg either landed before the kill or is queued
    for (const batch of writes.slice(1)) expect(await hybrid.writeDocuments(batch)).toBe(10);
    await hybrid.deleteDocuments(['a-0', 'a-1']);
    expect(outbox.size).toBeGreaterThanOrEqual(3); // two writes and the delete at least

    // Nothing in the target is missing; Chroma lags until it is back and the outbox replays.
    expect((await storeContents(target)).size).toBe(before.size + 30 - 2);
    chroma = await startChromaServer({ path: chroma.path, port: chroma.port });
    const replay = await hybrid.replayOutbox();
    expect(replay.remaining).toBe(0);
    expect(outbox.size).toBe(0);
    const [t, l] = await Promise.all([storeContents(target), storeContents(legacy)]);
    expect(l).toEqual(t);
    expect(t.has('a-0')).toBe(false);
  }, 180_000);
});

if (!available.ok) {
  describe.skip(`crash and restart (no local PostgreSQL: ${available.reason})`, () => {
    it('needs scripts/install-postgres.sh', () => {});
  });
}
