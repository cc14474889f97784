import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { closeSharedPglite, sharedPglite } from './helpers.js';
import { hostileSuite } from './hostile-suite.js';

// Start PGlite (seconds of WASM start-up) in a hook, not inside the first test's timeout.
beforeAll(async () => {
  await sharedPglite();
});

hostileSuite('PGlite (in process)', async () => ({ pglite: await sharedPglite() }));

describe('PGlite connection modes', () => {
  it('a dataDir store persists across instances; a caller instance is not closed by close()', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-pglite-'));
    try {
      const a = new PgvectorDocumentStore({ dataDir: dir, embeddingDimension: 2 });
      await a.writeDocuments([{ id: 'keep', content: 'persisted', meta: { n: 1 }, embedding: [1, 0] }]);
      expect(a.toJSON().options).toMatchObject({ dataDir: dir });
      await a.close();
      const b = new PgvectorDocumentStore({ dataDir: dir, embeddingDimension: 2 });
      expect(await b.filterDocuments()).toEqual([{ id: 'keep', content: 'persisted', meta: { n: 1 }, embedding: [1, 0] }]);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const db = await sharedPglite();
    const c = new PgvectorDocumentStore({ pglite: db, tableName: 'caller_owned', embeddingDimension: 2 });
    await c.countDocuments();
    await c.close();
    expect(db.closed).toBe(false);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    expect(c.toJSON().options.connection).toBe('pglite');
    await expect(c.countDocuments()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  }, 120_000);
});

afterAll(closeSharedPglite);

describe('keywordMatch', () => {
  it('"any" finds and ranks chunks holding some of a question\'s words; "all" needs every word', async () => {
    const db = await sharedPglite();
    const docs = [
      { id: 'a', content: 'Build the index concurrently to avoid blocking writes.', meta: {}, embedding: [1, 0] },
      { id: 'b', content: 'An index speeds up reads.', meta: {}, embedding: [0, 1] },
      { id: 'c', content: 'Bread needs flour and an oven.', meta: {}, embedding: [1, 1] },
    ];
    const question = 'How do I build an index without blocking writes?';
    const all = new PgvectorDocumentStore({ pglite: db, tableName: 'kw_all', embeddingDimension: 2, recreateTable: true });
    await all.writeDocuments(docs);
    expect(await all.keywordRetrieval({ query: question, topK: 5 })).toEqual([]);
    const any = new PgvectorDocumentStore({ pglite: db, tableName: 'kw_all', embeddingDimension: 2, keywordMatch: 'any' });
    expect((await any.keywordRetrieval({ query: question, topK: 5 })).map((d) => d.id)).toEqual(['a', 'b']);
    const hybrid = await any.hybridRetrieval({ query: question, queryEmbedding: [0, 1], topK: 3 });
    expect(hybrid.map((d) => d.id).sort()).toEqual(['a', 'b', 'c']);
    expect(hybrid[0]?.id).toBe('b'); // first in both lists
    expect(any.toJSON().options).toMatchObject({ keywordMatch: 'any' });
    expect(await any.keywordRetrieval({ query: '?!', topK: 5 })).toEqual([]);
    await all.dropTable();
    await all.close();
    await any.close();
  }, 60_000);
});
