import {
  type AnyComponent,
  DocumentCleaner,
  type DocumentStore,
  DocumentWriter,
  Pipeline,
  TextFileToDocument,
} from '@synapse-rag/core';

/** What {@link indexingPipeline} is built from. */
export interface IndexingPipelineDeps {
  /** `documents` → `documents` with embeddings (see `documentEmbedderFor`). */
  documentEmbedder: AnyComponent;
  /** Where the chunks go (policy `overwrite`: a re-indexed chunk replaces its old copy). */
  store: DocumentStore;
}

/**
 * The indexing pipeline of `synapse index`: `{ data, meta }` byte streams → converter → cleaner →
 * embedder → writer. Run it with `{ converter: { sources } }` and
 * `includeOutputsFrom: ['embedder']` to learn which chunk ids each file produced (`meta.file_path`).
 */
export function indexingPipeline(deps: IndexingPipelineDeps): Pipeline {
  return new Pipeline({ metadata: { name: 'synapse index' } })
    .addComponent('converter', new TextFileToDocument())
    .addComponent('cleaner', new DocumentCleaner())
    .addComponent('embedder', deps.documentEmbedder)
    .addComponent('writer', new DocumentWriter({ store: deps.store, policy: 'overwrite' }))
    .connect('converter.documents', 'cleaner.documents')
    .connect('cleaner.documents', 'embedder.documents')
    .connect('embedder.documents', 'writer.documents');
}
