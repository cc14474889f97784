import { runHostileInputSuite } from '@synapse-rag/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';

// Cross-store hostile input (issue #20), with the server checked around every call: the
// collection list and a canary collection's records must not change.
const canary = newStore();
beforeAll(async () => {
  await canary.writeDocuments([{ id: 'canary', content: 'alive', meta: { n: 1 }, embedding: [1, 0, 0] }]);
});
afterAll(() => dropStore(canary));

runHostileInputSuite('ChromaDocumentStore', {
  createStore: async () => newStore(),
  destroyStore: async (store) => dropStore(store as ChromaDocumentStore),
  snapshotBackend: async () => {
    const client = canary.chromaClient;
    const names = (await client.listCollections()).map((c) => c.name).sort();
    return { names, canary: await canary.filterDocuments() };
  },
});
