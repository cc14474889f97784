import { runStoreConformance } from '@synapse-rag/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { closeSharedPglite, sharedPglite, storeFactory } from './helpers.js';

// In-process PGlite (the embedded default), one instance shared by all stores of this file.
runStoreConformance('PgvectorDocumentStore on PGlite (in process)', {
  ...storeFactory(async () => ({ pglite: await sharedPglite() })),
  propertyRuns: 60,
});

// Start PGlite (seconds of WASM start-up) in a hook, not inside the first test's timeout.
beforeAll(async () => {
  await sharedPglite();
});

// Same, forcing the multi-row INSERT path for every write (no binary COPY).
runStoreConformance('PgvectorDocumentStore on PGlite, bulkMode "insert"', {
  ...storeFactory(async () => ({ pglite: await sharedPglite(), bulkMode: 'insert' })),
  propertyRuns: 20,
});

afterAll(closeSharedPglite);
