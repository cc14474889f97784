import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { startReplica } from '../src/testing/pg-replica.js';
import { startPostgres, type ThrowawayServer } from '../src/testing/pg-server.js';
import { clusteredVectors, uniqueTable } from './helpers.js';

type StoreInit = ConstructorParameters<typeof PgvectorDocumentStore>[0];

// A real streaming replica (pg_basebackup -R, a second postgres) of this file's OWN throwaway
// primary: both started here, stopped in afterAll. Skipped with DATABASE_URL (no cluster to copy).
const haveServer = inject('pgUrl') !== null && !process.env.DATABASE_URL;

/** A pool that counts how many times a connection was checked out (every query checks one out). */
function countingPool(url: string): { pool: pg.Pool; checkouts: () => number } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let n = 0;
  pool.on('acquire', () => {
    n++;
  });
  return { pool, checkouts: () => n };
}

describe.runIf(haveServer)('PgvectorDocumentStore with a read replica (real streaming standby)', () => {
  let primary: ThrowawayServer;
  let replica: ThrowawayServer;
  let writes: ReturnType<typeof countingPool>;
  let reads: ReturnType<typeof countingPool>;
  const dim = 8;
  const vectors = clusteredVectors(300, dim, 5, 7, 0.3);
  const docs = vectors.map((embedding, i) => ({
    id: `r${i}`,
    content: `replica item ${i} ${i % 3 ? 'plain' : 'special'}`,
    meta: { i },
    embedding,
  }));

  /** A store on this file's primary (writes) and replica (reads); `options` adds to or overrides these. */
  const replicaStore = (tableName: string, options: Partial<StoreInit> = {}) =>
    new PgvectorDocumentStore({ pool: writes.pool, readPool: reads.pool, tableName, embeddingDimension: dim, ...options });

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function waitForReplay(): Promise<void> {
    const { rows } = await writes.pool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const target = rows[0]?.lsn as string;
    for (let i = 0; i < 600; i++) {
      const { rows: r } = await reads.pool.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [
        target,
      ]);
      if (r[0]?.ok) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`replica did not replay up to ${target} within 30 s`);
  }

  beforeAll(async () => {
    primary = await startPostgres();
    replica = await startReplica(primary);
    writes = countingPool(primary.url);
    reads = countingPool(replica.url);
  }, 180_000);
  afterAll(async () => {
    await writes?.pool.end();
    await reads?.pool.end();
    await replica?.stop();
    await primary?.stop();
  });

  it('is a real standby: read-only, in recovery', async () => {
    const { rows } = await reads.pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(rows[0]?.standby).toBe(true);
    await expect(reads.pool.query('CREATE TABLE nope (x int)')).rejects.toThrow(/read-only transaction/);
  });

  it('sends queries to the replica and writes / initialize to the primary', async () => {
    const store = replicaStore(uniqueTable('replica'), { searchStrategy: 'hnsw' });
    await store.writeDocuments(docs); // initialize (CREATE TABLE) and COPY: on the primary, or they would fail
    await waitForReplay();

    const [p0, r0] = [writes.checkouts(), reads.checkouts()];
    expect(await store.countDocuments()).toBe(docs.length);
    expect((await store.filterDocuments({ field: 'meta.i', operator: '<', value: 10 })).map((d) => d.id).sort()).toEqual(
      docs
        .slice(0, 10)
        .map((d) => d.id)
        .sort(),
    );
    const query = docs[42] as (typeof docs)[number];
    expect((await store.embeddingRetrieval({ queryEmbedding: query.embedding, topK: 3 }))[0]?.id).toBe(query.id);
    expect((await store.keywordRetrieval({ query: 'special', topK: 500 })).length).toBe(
      docs.filter((d) => d.content.includes('special')).length,
    );
    expect((await store.hybridRetrieval({ queryEmbedding: query.embedding, query: 'special', topK: 5 })).length).toBe(5);
    expect(writes.checkouts() - p0, 'no query went to the primary').toBe(0);
    expect(reads.checkouts() - r0, 'each of the five queries on the replica').toBeGreaterThanOrEqual(5);

    const r1 = reads.checkouts();
    await store.deleteDocuments(['r0']);
    expect(reads.checkouts() - r1, 'a delete never touches the replica').toBe(0);
    await store.dropTable();
    await store.close();
  });

  it('reads its own writes while the replica lags (replay paused); readYourWrites: false reads the lagging replica', async () => {
    const tableName = uniqueTable('ryw');
    const fresh = replicaStore(tableName);
    const lagging = replicaStore(tableName, { readYourWrites: false });
    await fresh.writeDocuments(docs.slice(0, 100));
    await waitForReplay();
    expect(await lagging.countDocuments()).toBe(100);

    await reads.pool.query('SELECT pg_wal_replay_pause()');
    try {
      await fresh.writeDocuments(docs.slice(100, 150));
      const p0 = writes.checkouts();
      expect(await fresh.countDocuments(), 'the writer sees its write at once').toBe(150);
      expect(writes.checkouts() - p0, 'served by the primary while the replica lags').toBe(1);
      expect(await lagging.countDocuments(), 'the replica has not replayed it (paused)').toBe(100);
    } finally {
      await reads.pool.query('SELECT pg_wal_replay_resume()');
    }
    await waitForReplay();
    const p1 = writes.checkouts();
    expect(await fresh.countDocuments()).toBe(150);
    expect(await lagging.countDocuments()).toBe(150);
    expect(writes.checkouts() - p1, 'back on the replica once it caught up').toBe(0);
    await fresh.dropTable();
    await fresh.close();
    await lagging.close();
  });

  it('owns and ends the replica pool it creates from readConnectionString', async () => {
    const store = new PgvectorDocumentStore({
      connectionString: primary.url,
      readConnectionString: replica.url,
      tableName: uniqueTable('owned'),
      embeddingDimension: dim,
    });
    await store.writeDocuments(docs.slice(0, 20));
    expect(await store.countDocuments()).toBe(20);
    expect(store.toJSON().options).toMatchObject({ connectionString: primary.url, readConnectionString: replica.url });
    await store.dropTable();
    await store.close();
  });
});
