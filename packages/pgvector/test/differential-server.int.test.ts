import { runDifferentialSuite } from '@synapse-rag/core/testing';
import { describe, inject, it } from 'vitest';
import { storeFactory } from './helpers.js';

// The same ≥ 1,000 random filters and write/delete sequences as on PGlite, on the real server.
const pgUrl = inject('pgUrl');
if (pgUrl) {
  runDifferentialSuite('PgvectorDocumentStore on PostgreSQL', {
    ...storeFactory(async (tableName) => ({ connectionString: pgUrl, tableName, poolMax: 2 })),
    filterRuns: 1000,
  });
} else {
  describe.skip('differential on PostgreSQL — no server (see the banner)', () => {
    it('needs a server', () => {});
  });
}
