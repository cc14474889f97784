import { runDifferentialSuite } from '../testing/differential-suite.js';
import { InMemoryDocumentStore } from './in-memory-document-store.js';

// The reference against itself through its public API (store copies, policies, deletes): a
// sanity check of the suite; the real targets are the pgvector and Chroma stores.
runDifferentialSuite('InMemoryDocumentStore', {
  createStore: async () => new InMemoryDocumentStore(),
  filterRuns: 200,
  batches: 1,
  sequenceRuns: 20,
});
