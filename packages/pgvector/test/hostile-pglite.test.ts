import { runHostileInputSuite } from '@synapse-rag/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { closeSharedPglite, sharedPglite, storeFactory } from './helpers.js';

// Cross-store hostile input (issue #20) with the database checked around every call: the table
// list, every table's row count and a canary table's rows must not change.
beforeAll(async () => {
  const db = await sharedPglite();
  await db.exec(
    `CREATE TABLE IF NOT EXISTS canary (id int PRIMARY KEY, note text); INSERT INTO canary VALUES (1, 'alive') ON CONFLICT DO NOTHING`,
  );
});

runHostileInputSuite('PgvectorDocumentStore on PGlite', {
  ...storeFactory(async (tableName) => ({ pglite: await sharedPglite(), tableName }), 3),
  snapshotBackend: async () => {
    const db = await sharedPglite();
    const tables = await db.query<{ schemaname: string; relname: string; n: number }>(
      `SELECT table_schema AS schemaname, table_name AS relname FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    const canary = await db.query('SELECT * FROM canary ORDER BY id');
    return { tables: tables.rows, canary: canary.rows };
  },
});
afterAll(closeSharedPglite);
