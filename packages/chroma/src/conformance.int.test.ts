import { runStoreConformance } from '@synapse-rag/core/testing';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';

// Every filter case is expressible (see filter-to-chroma.ts): no unsupported cases, and the
// differential test must agree with the reference evaluator without FilterError escapes.
runStoreConformance('ChromaDocumentStore', {
  createStore: async () => newStore(),
  destroyStore: async (store) => dropStore(store as ChromaDocumentStore),
  unsupportedFilterCases: [],
  allowUnsupportedFilters: false,
  propertyRuns: 150,
});
