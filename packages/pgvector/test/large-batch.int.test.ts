import { describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { uniqueTable } from './helpers.js';

// A 100,000-document batch on the real server (issue #20): written whole in one call; a batch of the
// same size with one bad document at its very end writes nothing.
const pgUrl = inject('pgUrl');
const N = 100_000;
const batch = (prefix: string) =>
  Array.from({ length: N }, (_, i) => ({
    id: `${prefix}${i}`,
    content: `row ${i}`,
    meta: { i },
    embedding: [Math.sin(i), Math.cos(i), (i % 7) / 7, 1],
  }));

describe.skipIf(!pgUrl)('100k-document batches (PostgreSQL server)', () => {
  it('writes 100k in one call; a 100k batch with one NaN at the end is rejected whole', async () => {
    const store = new PgvectorDocumentStore({
      connectionString: pgUrl as string,
      tableName: uniqueTable('big'),
      embeddingDimension: 4,
    });
    try {
      expect(await store.writeDocuments(batch('a'))).toBe(N);
      expect(await store.countDocuments()).toBe(N);
      const bad = batch('b');
      (bad[N - 1] as { embedding: number[] }).embedding = [Number.NaN, 0, 0, 1];
      await expect(store.writeDocuments(bad)).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
      expect(await store.countDocuments()).toBe(N);
      const withDuplicate = batch('c');
      (withDuplicate[N - 1] as { id: string }).id = 'c0';
      await expect(store.writeDocuments(withDuplicate, { policy: 'fail' })).rejects.toMatchObject({ code: 'DUPLICATE_DOCUMENT' });
      expect(await store.countDocuments()).toBe(N);
    } finally {
      await store.dropTable();
      await store.close();
    }
  }, 180_000);
});
