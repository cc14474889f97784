import { InMemoryDocumentStore } from '@synapse-rag/core';
import { runStoreConformance } from '@synapse-rag/core/testing';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { SILENT_LOGGER } from './logger.js';

// The hybrid store is a DocumentStore: with dual write on it must behave like one whichever
// store serves the reads (writes land in both, reads come from the routed one).
for (const [name, flags] of [
  ['reads from legacy', { enableDualWrite: true }],
  ['reads from target', { enableDualWrite: true, usePgvector: true }],
] as const) {
  runStoreConformance(`HybridDocumentStore (dual write, ${name})`, {
    createStore: async () =>
      new HybridDocumentStore({
        legacy: new InMemoryDocumentStore(),
        target: new InMemoryDocumentStore(),
        flags,
        logger: SILENT_LOGGER,
      }),
    propertyRuns: 20,
    largeBatchSize: 0,
  });
}
