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

// Same, forcing binary COPY for every write (small writes otherwise take the INSERT path).
runStoreConformance('PgvectorDocumentStore on PGlite, bulkMode "copy" (binary COPY from /dev/blob)', {
  ...storeFactory(async () => ({ pglite: await sharedPglite(), bulkMode: 'copy' })),
  propertyRuns: 20,
});

afterAll(closeSharedPglite);
