import { afterAll, beforeAll } from 'vitest';
import { closeSharedPglite, sharedPglite } from './helpers.js';
import { retrievalSuite } from './retrieval-suite.js';

// Start PGlite (seconds of WASM start-up) in a hook, not inside the first test's timeout.
beforeAll(async () => {
  await sharedPglite();
});

retrievalSuite('PGlite (in process)', async () => ({ pglite: await sharedPglite() }));
retrievalSuite('PGlite (in process)', async () => ({ pglite: await sharedPglite() }), { storedTsvector: false });
afterAll(closeSharedPglite);
