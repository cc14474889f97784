import { defaultRegistry } from '@synapse-rag/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../src/index.js';
import { PGVECTOR_STORE_TYPE, PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { clusteredVectors, uniqueTable } from './helpers.js';
import { hostileSuite } from './hostile-suite.js';

const pgUrl = inject('pgUrl');

if (!pgUrl) {
  describe.skip('PgvectorDocumentStore on PostgreSQL — no server (scripts/install-postgres.sh or DATABASE_URL)', () => {
    it('needs a server', () => {});
  });
} else {
  hostileSuite('PostgreSQL (connectionString)', async () => ({ connectionString: pgUrl }));

  describe('PostgreSQL: pools and concurrency', () => {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 8 });
    let store: PgvectorDocumentStore;
    const dim = 8;
    const vectors = clusteredVectors(500, dim, 5, 3, 0.3);
    beforeAll(async () => {
      store = new PgvectorDocumentStore({
        pool,
        tableName: uniqueTable('conc'),
        embeddingDimension: dim,
        searchStrategy: 'hnsw',
      });
      await store.writeDocuments(
        vectors.map((embedding, i) => ({
          id: `c${i}`,
          content: `item ${i} ${i % 2 ? 'odd' : 'even'} number`,
          meta: { i, odd: i % 2 === 1 },
          embedding,
        })),
      );
    });
    afterAll(async () => {
      await store.dropTable();
      await store.close();
      await pool.end();
    });

    it('50 concurrent queries through one pool return the sequential results and leak no clients', async () => {
      const jobs = Array.from({ length: 50 }, (_, j) => {
        const q = vectors[(j * 7) % vectors.length] as number[];
        const filters = j % 3 === 0 ? { field: 'meta.odd', operator: '==' as const, value: true } : undefined;
        switch (j % 4) {
          case 0:
            return () => store.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters });
          case 1:
            return () => store.keywordRetrieval({ query: j % 2 ? 'odd' : 'even number', topK: 10, filters });
          case 2:
            return () => store.hybridRetrieval({ queryEmbedding: q, query: 'odd', topK: 10, filters });
          default:
            return () => store.filterDocuments({ field: 'meta.i', operator: '<', value: j });
        }
      });
      const sequential: string[][] = [];
      for (const job of jobs) sequential.push((await job()).map((d) => d.id));
      const concurrent = await Promise.all(jobs.map((job) => job()));
      expect(concurrent.map((r) => r.map((d) => d.id))).toEqual(sequential);
      expect(sequential.every((ids, j) => ids.length > 0 || j === 3)).toBe(true);
      expect(pool.totalCount).toBeLessThanOrEqual(8);
      expect(pool.waitingCount).toBe(0);
      expect(pool.idleCount).toBe(pool.totalCount);
      // the HNSW settings made inside the search statements (set_config local) did not stick to pooled sessions
      const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
      try {
        for (const c of clients) {
          const { rows } = await c.query<{ v: string; m: string }>(
            "SELECT current_setting('hnsw.iterative_scan') AS v, current_setting('hnsw.max_scan_tuples') AS m",
          );
          expect(rows[0]).toEqual({ v: 'off', m: '20000' });
        }
      } finally {
        for (const c of clients) c.release();
      }
    });

    it('close() leaves a caller pool open and usable; a store-owned pool is ended', async () => {
      const s = new PgvectorDocumentStore({
        pool,
        tableName: store.options.tableName,
        embeddingDimension: dim,
        createTable: false,
      });
      expect(await s.countDocuments()).toBe(500);
      await s.close();
      expect(pool.ended).toBe(false);
      expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      expect(await store.countDocuments()).toBe(500);

      const owned = new PgvectorDocumentStore({
        connectionString: pgUrl,
        tableName: store.options.tableName,
        embeddingDimension: dim,
        createTable: false,
      });
      expect(await owned.countDocuments()).toBe(500);
      await owned.close();
      await expect(owned.countDocuments()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });

    it('a failed transaction returns its client to the pool in a clean state', async () => {
      const before = pool.totalCount;
      const dup = [{ id: 'c1', content: 'x', meta: {}, embedding: vectors[0] as number[] }];
      for (let i = 0; i < 20; i++) await expect(store.writeDocuments(dup)).rejects.toMatchObject({ code: 'DUPLICATE_DOCUMENT' });
      expect(pool.totalCount).toBeLessThanOrEqual(Math.max(before, 8));
      expect(pool.idleCount).toBe(pool.totalCount);
      expect(await store.countDocuments()).toBe(500);
    });
  });

  describe('PostgreSQL: serialization and failures', () => {
    it('masks passwords; connectionStringEnv round-trips through the registry', async () => {
      const masked = new PgvectorDocumentStore({ connectionString: 'postgres://app:s3cr3t@db.example:5432/x', tableName: 'd' });
      expect(JSON.stringify(masked.toJSON())).not.toContain('s3cr3t');
      expect(masked.toJSON().options.connectionString).toBe('postgres://app:****@db.example:5432/x');
      expect(() => defaultRegistry.createStore(masked.toJSON())).toThrow(expect.objectContaining({ code: 'SERIALIZATION' }));
      await masked.close();

      process.env.SYNAPSE_TEST_PG_URL = pgUrl;
      const viaEnv = new PgvectorDocumentStore({
        connectionStringEnv: 'SYNAPSE_TEST_PG_URL',
        tableName: uniqueTable('env'),
        embeddingDimension: 2,
      });
      const json = viaEnv.toJSON();
      expect(json.type).toBe(PGVECTOR_STORE_TYPE);
      expect(JSON.stringify(json)).not.toContain(pgUrl);
      const copy = defaultRegistry.createStore(json) as PgvectorDocumentStore;
      await viaEnv.writeDocuments([{ id: 'e', content: 'env', meta: {}, embedding: [1, 1] }]);
      expect(await copy.countDocuments()).toBe(1);
      await copy.dropTable();
      await copy.close();
      await viaEnv.close();
    });

    it('an unreachable server raises StoreUnavailableError', async () => {
      const s = new PgvectorDocumentStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none', tableName: 'x' });
      await expect(s.countDocuments()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await s.close();
    });

    it('creates indexes CONCURRENTLY after a deferred bulk load (in its own schema)', async () => {
      const schemaName = uniqueTable('schema');
      const s = new PgvectorDocumentStore({
        connectionString: pgUrl,
        tableName: uniqueTable('defer'),
        embeddingDimension: 4,
        searchStrategy: 'hnsw',
        deferIndexes: true,
        schemaName,
      });
      try {
        await s.writeDocuments(
          Array.from({ length: 1000 }, (_, i) => ({ id: `i${i}`, content: `w${i}`, meta: {}, embedding: [i, 1, 2, 3] })),
        );
        const before = await s.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1::text AND tablename = $2::text', [
          schemaName,
          s.options.tableName,
        ]);
        expect(before).toHaveLength(1); // primary key only
        await s.createIndexes({ concurrently: true });
        const after = await s.query<{ indexdef: string }>(
          'SELECT indexdef FROM pg_indexes WHERE schemaname = $1::text AND tablename = $2::text',
          [schemaName, s.options.tableName],
        );
        expect(after.map((r) => r.indexdef).join('\n')).toMatch(
          /USING hnsw \(embedding vector_cosine_ops\) WITH \(m='16', ef_construction='64'\)/,
        );
        expect(after.map((r) => r.indexdef).join('\n')).toContain('USING gin (content_tsv)');
      } finally {
        await s.dropTable();
        await s.query(`DROP SCHEMA IF EXISTS "${schemaName}"`);
        await s.close();
      }
    });

    it('createIndexes() drops and rebuilds an INVALID index left by an interrupted concurrent build', async () => {
      const s = new PgvectorDocumentStore({
        connectionString: pgUrl,
        tableName: uniqueTable('invalid'),
        embeddingDimension: 4,
        searchStrategy: 'hnsw',
      });
      const validity = async () =>
        (
          await s.query<{ name: string; valid: boolean }>(
            `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              WHERE i.indrelid = to_regclass($1::text) AND c.relname <> $2::text ORDER BY 1`,
            [s.qualifiedTableName, `${s.options.tableName}_pkey`],
          )
        ).map((r) => `${r.name}:${r.valid}`);
      try {
        await s.writeDocuments([{ id: 'a', content: 'alpha', meta: {}, embedding: [1, 0, 0, 0] }]);
        const hnsw = `${s.options.tableName}_embedding_hnsw`;
        // what a cancelled CREATE INDEX CONCURRENTLY leaves behind (superuser-only catalog edit)
        await s.query('UPDATE pg_index SET indisvalid = false WHERE indexrelid = to_regclass($1::text)', [hnsw]);
        expect(await validity()).toContain(`${hnsw}:false`);
        await s.createIndexes({ concurrently: true });
        expect(await validity()).toEqual([
          `${hnsw}:true`,
          `${s.options.tableName}_keyword_idx:true`,
          `${s.options.tableName}_meta_idx:true`,
        ]);
        expect((await s.embeddingRetrieval({ queryEmbedding: [1, 0, 0, 0], topK: 1 })).map((d) => d.id)).toEqual(['a']);
      } finally {
        await s.dropTable();
        await s.close();
      }
    });
  });
}
