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
