import { type DocumentStore, DocumentWriter, Pipeline } from '@synapse-rag/core';
import { TransformersDocumentEmbedder } from '@synapse-rag/transformers';
import { type FlagsLike, toFlagSource } from './flag-source.js';
import { hybridStoreFrom, type MigrationPipelineDeps, requireDep } from './pipeline-deps.js';

/**
 * The indexing pipeline: document embedder → {@link DocumentWriter}. With both stores (or a
 * hybrid store) the writer writes through the hybrid store, which applies the write flags live
 * (dual write target-first with the outbox; else target only under `usePgvector`, legacy only
 * otherwise). With one store, the one the flags write to must be given.
 */
export function createIndexingPipeline(flags: FlagsLike, deps: MigrationPipelineDeps = {}): Pipeline {
  const source = toFlagSource(flags);
  const current = source.current;
  let store: DocumentStore;
  if (deps.hybridStore || (deps.legacyStore && deps.targetStore)) store = hybridStoreFrom(source, deps, 'createIndexingPipeline');
  else if (current.enableDualWrite) store = hybridStoreFrom(source, deps, 'createIndexingPipeline');
  else if (current.usePgvector)
    store = requireDep(deps.targetStore, 'targetStore', 'pgvector indexing', 'createIndexingPipeline');
  else store = requireDep(deps.legacyStore, 'legacyStore', 'chroma indexing', 'createIndexingPipeline');
  return new Pipeline({ metadata: { factory: 'migration.createIndexingPipeline' } })
    .addComponent('document_embedder', deps.documentEmbedder ?? new TransformersDocumentEmbedder())
    .addComponent('writer', new DocumentWriter({ store }))
    .connect('document_embedder.documents', 'writer.documents');
}
