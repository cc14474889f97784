import { runStoreConformance } from '@synapse-rag/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { storeFactory, uniqueTable } from './helpers.js';

const pgUrl = inject('pgUrl');
const pgliteServerUrl = inject('pgliteServerUrl');

if (pgUrl) {
  // Own pool per store from a connection string; every write through binary COPY FROM STDIN.
  runStoreConformance('PgvectorDocumentStore on PostgreSQL (connectionString, bulkMode "copy")', {
    ...storeFactory(async () => ({ connectionString: pgUrl, bulkMode: 'copy' })),
    propertyRuns: 100,
  });

  // A caller's pool shared by all stores; small writes take the multi-row INSERT path.
  const pool = new pg.Pool({ connectionString: pgUrl, max: 4 });
  afterAll(() => pool.end());
  runStoreConformance('PgvectorDocumentStore on PostgreSQL (caller pool)', {
    ...storeFactory(async () => ({ pool })),
    propertyRuns: 40,
  });
} else {
  describe.skip('PgvectorDocumentStore on PostgreSQL — no server (see the banner: scripts/install-postgres.sh or DATABASE_URL)', () => {
    it('needs a server', () => {});
  });
}

if (pgliteServerUrl) {
  describe('pglite-server (wire protocol without COPY FROM STDIN)', () => {
    it('is detected and falls back to multi-row INSERT for bulk writes', async () => {
      const store = new PgvectorDocumentStore({
        connectionString: pgliteServerUrl,
        tableName: uniqueTable(),
        embeddingDimension: 3,
        poolMax: 2,
      });
      try {
        const docs = Array.from({ length: 450 }, (_, i) => ({
          id: `d${i}`,
          content: `doc ${i}`,
          meta: { i },
          embedding: [i, 1, 0],
        }));
        expect(await store.writeDocuments(docs)).toBe(450); // ≥ copyThreshold: COPY would break the connection
        expect(await store.writeDocuments(docs.slice(0, 300), { policy: 'skip' })).toBe(0);
        expect(await store.writeDocuments(docs.slice(0, 300), { policy: 'overwrite' })).toBe(300);
        expect(await store.countDocuments()).toBe(450);
        const found = await store.filterDocuments({ field: 'meta.i', operator: '>=', value: 440 });
        expect(found.map((d) => d.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `d${440 + i}`).sort());
      } finally {
        await store.dropTable();
        await store.close();
      }
    });
  });

  runStoreConformance('PgvectorDocumentStore on pglite-server (bulkMode auto → INSERT)', {
    ...storeFactory(async () => ({ connectionString: pgliteServerUrl, poolMax: 2 })),
    propertyRuns: 20,
  });
}
