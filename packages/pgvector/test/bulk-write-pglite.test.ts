import { afterAll, describe, expect, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { closeSharedPglite, sharedPglite, uniqueTable } from './helpers.js';

// PGlite has one session: bulkWriteDocuments falls back to writeDocuments (one transaction).
describe('PgvectorDocumentStore.bulkWriteDocuments on PGlite', () => {
  afterAll(() => closeSharedPglite());

  it('writes everything in one transaction and stays all-or-nothing', async () => {
    const store = new PgvectorDocumentStore({
      pglite: await sharedPglite(),
      tableName: uniqueTable('bulk'),
      embeddingDimension: 2,
      copyThreshold: 10,
    });
    const docs = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, content: `row ${i}`, meta: {}, embedding: [i, 1] }));
    expect(await store.bulkWriteDocuments(docs, { streams: 4 })).toBe(100);
    const [row] = await store.query<{ n: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM ${store.qualifiedTableName}`,
    );
    expect(row?.n).toBe(1);
    const clash = Array.from({ length: 100 }, (_, i) => ({ id: `q${i}`, content: 'new', meta: {}, embedding: [i, 2] }));
    clash[99] = { id: 'p5', content: 'new', meta: {}, embedding: [0, 0] };
    await expect(store.bulkWriteDocuments(clash, { streams: 4 })).rejects.toMatchObject({ code: 'DUPLICATE_DOCUMENT' });
    expect(await store.countDocuments()).toBe(100);
    await store.dropTable();
  });
});
