import { runDifferentialSuite } from '@synapse-rag/core/testing';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';

// ≥ 1,000 random filters over random corpora and random write/delete sequences against the
// in-memory reference (issue #20). Every filter is expressible on Chroma: no FilterError allowed.
runDifferentialSuite('ChromaDocumentStore', {
  createStore: async () => newStore(),
  destroyStore: async (store) => dropStore(store as ChromaDocumentStore),
  filterRuns: 1000,
  // The server may change a float's last bits (seen: 123456789.12345679 → 123456789.1234568).
  numberTolerance: 1e-14,
});
