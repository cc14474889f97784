import { startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, startTestService } from '../../test/serve-client.js';

const pgUrl = inject('migrationPgUrl');
const chromaUrl = inject('migrationChromaUrl');
const TOKEN = 'test-admin-token-0123456789';
const run = `${process.pid}_${Date.now().toString(36)}`;

const DOCUMENTS = [
  { content: 'PostgreSQL stores rows in heap pages of eight kilobytes.', meta: { file_path: 'docs/storage.md' } },
  { content: 'VACUUM reclaims storage occupied by dead tuples.', meta: { file_path: 'docs/vacuum.md' } },
  { content: 'A B-tree index speeds up equality and range queries.', meta: { file_path: 'docs/indexes.md' } },
  { content: 'Write-ahead logging makes committed transactions durable.', meta: { file_path: 'docs/wal.md' } },
];

describe.skipIf(pgUrl === null)('synapse serve on the real PostgreSQL server', () => {
  it('POST /index then POST /query round trip (pgvector only)', async () => {
    const service = await startTestService({
      settings: { pgvector: { databaseUrl: pgUrl as string, pgliteDir: '.synapse/', table: `serve_pg_${run}` } },
    });
    try {
      const health = await call(service.url, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.stores).toEqual([expect.objectContaining({ name: 'pgvector', ok: true })]);
      const indexed = await call(service.url, 'POST', '/index', { documents: DOCUMENTS });
      expect(indexed.status).toBe(200);
      expect(indexed.body).toMatchObject({ written: 4, store: 'pgvector' });
      const { status, body } = await call(service.url, 'POST', '/query', { query: 'What does VACUUM reclaim?', topK: 2 });
      expect(status).toBe(200);
      expect((body.sources as Array<{ path: string }>)[0]?.path).toBe('docs/vacuum.md');
      expect((body.documents as unknown[]).length).toBe(2);
    } finally {
      await service.close();
    }
  });

  it('50 concurrent POST /query clients: all answered, no connection left busy or idle in a transaction', async () => {
    const table = `serve_conc_${run}`;
    const service = await startTestService({
      settings: { pgvector: { databaseUrl: pgUrl as string, pgliteDir: '.synapse/', table } },
    });
    const { PgvectorDocumentStore } = await import('@synapse-rag/pgvector');
    const observer = new PgvectorDocumentStore({ connectionString: pgUrl as string, poolMax: 1, tableName: `${table}_observer` });
    try {
      expect((await call(service.url, 'POST', '/index', { documents: DOCUMENTS })).status).toBe(200);
      const questions = ['VACUUM', 'heap pages', 'B-tree index', 'write-ahead log', 'durable transactions'];
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call(service.url, 'POST', '/query', { query: questions[i % questions.length], topK: 2, routingKey: `u${i}` }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(new Array(50).fill(200));
      expect(answers.every((a) => (a.body.sources as unknown[]).length > 0)).toBe(true);
      // Every pooled connection of the service is back in its pool: none runs a statement or holds a transaction.
      const busy = await observer.query<{ state: string; n: number }>(
        "SELECT state, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle' GROUP BY state",
      );
      expect(busy).toEqual([]);
    } finally {
      await observer.close();
      await service.close();
    }
  });

  describe('with Chroma too: the hybrid store (dual write, routed reads, shadow reads) and reconcile', () => {
    let service: Awaited<ReturnType<typeof startTestService>>;
    beforeAll(async () => {
      service = await startTestService(
        {
          settings: {
            pgvector: { databaseUrl: pgUrl as string, pgliteDir: '.synapse/', table: `serve_hybrid_${run}` },
            chroma: { url: chromaUrl, collection: `serve-hybrid-${run}` },
          },
          env: { FF_ENABLE_DUAL_WRITE: 'true', FF_ENABLE_SHADOW_READS: 'true', FF_PGVECTOR_READ_PERCENTAGE: '50' },
        },
        { adminToken: TOKEN },
      );
    });
    afterAll(async () => {
      await service?.close();
    });

    it('writes both stores, answers on the routed path, counts shadow comparisons, reconciles to no differences', async () => {
      const health = await call(service.url, 'GET', '/health');
      expect(health.status).toBe(200);
      expect((health.body.stores as Array<{ name: string; ok: boolean }>).map((s) => [s.name, s.ok])).toEqual([
        ['pgvector', true],
        ['chroma', true],
      ]);
      expect(health.body.queryPath).toBe('routed');

      const indexed = await call(service.url, 'POST', '/index', { documents: DOCUMENTS });
      expect(indexed.status).toBe(200);
      expect(indexed.body).toMatchObject({ written: 4, store: 'hybrid' });
      expect(await service.runtime.stores.chroma()?.countDocuments()).toBe(4);

      for (const [i, query] of ['What does VACUUM reclaim?', 'write-ahead logging durability', 'B-tree index'].entries()) {
        const res = await call(service.url, 'POST', '/query', { query, routingKey: `user-${i}`, explain: true });
        expect(res.status).toBe(200);
        expect(res.body.path).toBe('routed');
        expect((res.body.sources as unknown[]).length).toBeGreaterThan(0);
      }
      for (const hybrid of service.runtime.hybridStores()) await hybrid.settleShadows();
      const after = await call(service.url, 'GET', '/health');
      const shadow = after.body.shadow as { compared: number; histogram: number[] };
      expect(shadow.compared).toBeGreaterThanOrEqual(3);
      expect(shadow.histogram.reduce((a, b) => a + b, 0)).toBe(shadow.compared);
      expect(after.body.dualWriteFailures).toBe(0);
      expect(after.body.outboxSize).toBe(0);

      const reconcile = await call(service.url, 'POST', '/admin/reconcile', {}, { authorization: `Bearer ${TOKEN}` });
      expect(reconcile.status).toBe(200);
      expect(reconcile.body).toMatchObject({ sourceCount: 4, targetCount: 4, differences: [] });
    });
  });
});

describe.skipIf(pgUrl === null)('GET /health when the PostgreSQL server goes away', () => {
  let cluster: ThrowawayServer;
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    cluster = await startPostgres();
    service = await startTestService(
      { settings: { pgvector: { databaseUrl: cluster.url, pgliteDir: '.synapse/', table: 'documents' } } },
      { healthTimeoutMs: 3000 },
    );
  });
  afterAll(async () => {
    await service?.close();
    await cluster?.stop();
  });

  it('answers 200 while it runs, then 503 naming the store once the test stops the cluster', async () => {
    const up = await call(service.url, 'GET', '/health');
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');
    await cluster.stop();
    const down = await call(service.url, 'GET', '/health');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.reason).toMatch(/^required store pgvector \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\) is down: /);
    expect(down.body.stores).toEqual([expect.objectContaining({ name: 'pgvector', ok: false, error: expect.any(String) })]);
    const query = await call(service.url, 'POST', '/query', { query: 'anything' });
    expect(query.status).toBe(503);
    expect(JSON.stringify(query.body)).not.toMatch(/\n\s+at /);
  });
});
