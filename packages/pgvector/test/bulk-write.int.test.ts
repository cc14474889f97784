import { DuplicateDocumentError, StoreUnavailableError } from '@synapse-rag/core';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { uniqueTable } from './helpers.js';

// bulkWriteDocuments on the real server (issue #21): several streams, commit barrier, all or
// nothing when a stream fails while writing.
const pgUrl = inject('pgUrl');
const DIM = 4;
const docs = (n: number, prefix = 'd') =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    content: `row ${i} of the bulk batch`,
    meta: { i },
    embedding: [Math.sin(i), Math.cos(i), (i % 7) / 7, 1],
  }));

describe.skipIf(!pgUrl)('PgvectorDocumentStore.bulkWriteDocuments (PostgreSQL server)', () => {
  const pool = new pg.Pool({ connectionString: pgUrl as string, max: 4 });
  const stores: PgvectorDocumentStore[] = [];
  const makeStore = (storedTsvector = true) => {
    const store = new PgvectorDocumentStore({
      pool,
      tableName: uniqueTable('bulk'),
      embeddingDimension: DIM,
      copyThreshold: 100,
      storedTsvector,
    });
    stores.push(store);
    return store;
  };
  /** Distinct writing transactions among the table's rows. */
  const transactions = async (store: PgvectorDocumentStore) =>
    Number(
      (await store.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${store.qualifiedTableName}`))[0]?.n,
    );
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.dropTable();
  });
  afterAll(() => pool.end());

  it.each([true, false])('writes every row over 2 streams, one transaction each (storedTsvector %s)', async (stored) => {
    const store = makeStore(stored);
    const batch = docs(1000);
    expect(await store.bulkWriteDocuments(batch, { streams: 2 })).toBe(1000);
    expect(await store.countDocuments()).toBe(1000);
    expect(await transactions(store)).toBe(2);
    const back = await store.filterDocuments({ field: 'meta.i', operator: 'in', value: [0, 999] });
    expect(back.map((d) => [d.id, d.content, d.meta])).toEqual([
      ['d0', 'row 0 of the bulk batch', { i: 0 }],
      ['d999', 'row 999 of the bulk batch', { i: 999 }],
    ]);
    expect(await store.keywordRetrieval({ query: 'bulk batch', topK: 2000 })).toHaveLength(1000);
  });

  it('a duplicate id in the second stream rolls back both streams (policy fail)', async () => {
    const store = makeStore();
    await store.writeDocuments([{ id: 'd900', content: 'old', meta: { i: 900 }, embedding: [0, 0, 0, 1] }]);
    const err = await store.bulkWriteDocuments(docs(1000), { streams: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateDocumentError);
    expect((err as DuplicateDocumentError).message).toContain('d900');
    expect(await store.countDocuments()).toBe(1);
    expect((await store.filterDocuments())[0]?.content).toBe('old');
  });

  it('a row the server rejects in the first stream rolls back the other stream too', async () => {
    const store = makeStore();
    await store.initialize();
    await store.query(`ALTER TABLE ${store.qualifiedTableName} ADD CONSTRAINT no_poison CHECK (content <> 'poison')`);
    const batch = docs(1000);
    (batch[10] as { content: string }).content = 'poison';
    const err = await store.bulkWriteDocuments(batch, { streams: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).details).toMatchObject({ sqlState: '23514' });
    expect(await store.countDocuments()).toBe(0);
  });

  it('skip and overwrite over several streams count and write as writeDocuments does', async () => {
    const store = makeStore();
    await store.writeDocuments(docs(300).map((d) => ({ ...d, content: 'old' })));
    expect(await store.bulkWriteDocuments(docs(900), { streams: 3, policy: 'skip' })).toBe(600);
    expect((await store.filterDocuments({ field: 'meta.i', operator: '==', value: 5 }))[0]?.content).toBe('old');
    expect(await store.bulkWriteDocuments(docs(900), { streams: 3, policy: 'overwrite' })).toBe(900);
    expect(await store.countDocuments()).toBe(900);
    expect((await store.filterDocuments({ field: 'meta.i', operator: '==', value: 5 }))[0]?.content).toBe(
      'row 5 of the bulk batch',
    );
  });

  it('uses one transaction below 2 × copyThreshold, and concurrent calls queue instead of deadlocking the pool', async () => {
    const small = makeStore();
    expect(await small.bulkWriteDocuments(docs(150), { streams: 4 })).toBe(150);
    expect(await transactions(small)).toBe(1);
    const store = makeStore();
    const results = await Promise.all([
      store.bulkWriteDocuments(docs(800, 'a'), { streams: 4 }),
      store.bulkWriteDocuments(docs(800, 'b'), { streams: 4 }),
      store.bulkWriteDocuments(docs(800, 'c'), { streams: 4 }),
    ]);
    expect(results).toEqual([800, 800, 800]);
    expect(await store.countDocuments()).toBe(2400);
    await expect(store.bulkWriteDocuments(docs(10), { streams: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
