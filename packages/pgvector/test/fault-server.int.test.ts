import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { startPostgres, type ThrowawayServer } from '../src/testing/pg-server.js';
import { uniqueTable } from './helpers.js';

// Destructive faults (issue #20) on this file's OWN throwaway server, never the shared one: a
// backend killed mid-COPY must fail the call with a typed error, leave no partial batch, and
// leave the caller's pool healthy (a retry succeeds; no client leaked).
const haveServer = inject('pgUrl') !== null && !process.env.DATABASE_URL;

describe.runIf(haveServer)('PostgreSQL faults on a private server', () => {
  let server: ThrowawayServer;
  let pool: pg.Pool;
  let admin: pg.Client;
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 3 });
    pool.on('error', () => {}); // idle clients of a killed backend emit errors; the pool drops them
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await pool?.end();
    await server?.stop();
  });

  it('pg_terminate_backend during a bulk COPY: typed error, nothing written, retry succeeds, no leaked client', async () => {
    const dim = 32;
    const store = new PgvectorDocumentStore({ pool, tableName: uniqueTable('fault'), embeddingDimension: dim, bulkMode: 'copy' });
    await store.initialize();
    const docs = Array.from({ length: 150_000 }, (_, i) => ({
      id: `f${i}`,
      content: `document ${i} `.repeat(4),
      meta: { i },
      embedding: Array.from({ length: dim }, (_, j) => ((i * 31 + j) % 97) / 97),
    }));
    let killed = 0;
    const killer = (async () => {
      for (let tries = 0; tries < 400 && killed === 0; tries++) {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE 'COPY%'`,
        );
        for (const { pid } of rows) {
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          killed++;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const error = await store.writeDocuments(docs).then(
      () => undefined,
      (err: unknown) => err,
    );
    await killer;
    expect(killed, 'the COPY backend was found and terminated').toBeGreaterThan(0);
    expect(error, 'the write must fail').toBeDefined();
    expect(typeof (error as { code?: unknown }).code, `typed error, got ${String(error)}`).toBe('string');
    expect(await store.countDocuments(), 'no partial batch').toBe(0);
    // the pool recovers without restarting anything: the retry succeeds
    expect(await store.writeDocuments(docs.slice(0, 2000))).toBe(2000);
    expect(await store.countDocuments()).toBe(2000);
    expect(pool.waitingCount).toBe(0);
    expect(pool.totalCount - pool.idleCount, 'no client checked out after the calls').toBe(0);
    await store.dropTable();
  }, 180_000);
});
