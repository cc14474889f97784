import { runHostileInputSuite } from '../testing/hostile-input-suite.js';
import { InMemoryDocumentStore } from './in-memory-document-store.js';

runHostileInputSuite('InMemoryDocumentStore', {
  createStore: async () => new InMemoryDocumentStore(),
  snapshotBackend: async () => null, // no backend beyond the store itself
});
