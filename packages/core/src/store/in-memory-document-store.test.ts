import { runStoreConformance } from '../testing/store-conformance.js';
import { InMemoryDocumentStore } from './in-memory-document-store.js';

runStoreConformance('InMemoryDocumentStore', {
  createStore: async () => new InMemoryDocumentStore(),
  propertyRuns: 300,
});
