import { runHostileInputSuite } from '@synapse-rag/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { storeFactory, uniqueTable } from './helpers.js';

// Cross-store hostile input (issue #20) on the real server. The store lives in its own schema
// (other test files share the server), whose table list, row counts and canary table are checked
// around every call.
const pgUrl = inject('pgUrl');
if (pgUrl) {
  const schema = uniqueTable('hostile');
  const pool = new pg.Pool({ connectionString: pgUrl, max: 2 });
  beforeAll(async () => {
    await pool.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.canary (id int PRIMARY KEY, note text); INSERT INTO ${schema}.canary VALUES (1, 'alive')`,
    );
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });
  runHostileInputSuite('PgvectorDocumentStore on PostgreSQL', {
    ...storeFactory(async (tableName) => ({ connectionString: pgUrl, schemaName: schema, tableName, poolMax: 2 }), 3),
    snapshotBackend: async () => {
      const tables = await pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [schema],
      );
      const counts: Record<string, number> = {};
      for (const { table_name } of tables.rows) {
        if (table_name.startsWith('t_')) continue; // the store's own table (storeFactory's uniqueTable())
        const r = await pool.query(`SELECT count(*)::int AS n FROM ${schema}."${table_name}"`);
        counts[table_name] = r.rows[0].n;
      }
      const canary = await pool.query(`SELECT * FROM ${schema}.canary ORDER BY id`);
      const schemas = await pool.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'canary'`);
      return { tables: tables.rows, counts, canary: canary.rows, schemas: schemas.rows };
    },
  });
} else {
  describe.skip('hostile input on PostgreSQL — no server (see the banner)', () => {
    it('needs a server', () => {});
  });
}
