import { afterAll } from 'vitest';
import { closeSharedPglite, sharedPglite } from './helpers.js';
import { retrievalSuite } from './retrieval-suite.js';

retrievalSuite('PGlite (in process)', async () => ({ pglite: await sharedPglite() }));
afterAll(closeSharedPglite);
