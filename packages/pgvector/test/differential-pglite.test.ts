import { runDifferentialSuite } from '@synapse-rag/core/testing';
import { afterAll } from 'vitest';
import { closeSharedPglite, sharedPglite, storeFactory } from './helpers.js';

// ≥ 1,000 random filters over random corpora, and random write/delete sequences, against the
// in-memory reference (issue #20). One PGlite for the file, one table per corpus.
runDifferentialSuite('PgvectorDocumentStore on PGlite', {
  ...storeFactory(async (tableName) => ({ pglite: await sharedPglite(), tableName })),
  filterRuns: 1000,
});
afterAll(closeSharedPglite);
