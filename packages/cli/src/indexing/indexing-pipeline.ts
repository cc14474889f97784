import {
  type AnyComponent,
  DocumentCleaner,
  type DocumentStore,
  DocumentWriter,
  Pipeline,
  TextFileToDocument,
} from '@synapse-rag/core';

const writer = (store: DocumentStore) => new DocumentWriter({ store, policy: 'overwrite' });

/** What {@link indexingPipeline} is built from. */
export interface IndexingPipelineDeps {
  /** `documents` → `documents` with embeddings (see `documentEmbedderFor`). */
  documentEmbedder: AnyComponent;
  /** Where the chunks go (policy `overwrite`: a re-indexed chunk replaces its old copy). */
  store: DocumentStore;
  /**
   * `files`: byte streams in (`converter.sources`); `documents`: ready documents in
   * (`embedder.documents`, ids kept), as `synapse serve`'s `POST /index` sends them. @default "files"
   */
  from?: 'files' | 'documents';
}

/**
 * The indexing pipeline of `synapse index`: `{ data, meta }` byte streams → converter → cleaner →
 * embedder → writer. Run it with `{ converter: { sources } }` and
 * `includeOutputsFrom: ['embedder']` to learn which chunk ids each file produced (`meta.file_path`).
 */
export function indexingPipeline(deps: IndexingPipelineDeps): Pipeline {
  if (deps.from === 'documents') {
    return new Pipeline({ metadata: { name: 'synapse index (documents)' } })
      .addComponent('embedder', deps.documentEmbedder)
      .addComponent('writer', writer(deps.store))
      .connect('embedder.documents', 'writer.documents');
  }
  return new Pipeline({ metadata: { name: 'synapse index' } })
    .addComponent('converter', new TextFileToDocument())
    .addComponent('cleaner', new DocumentCleaner())
    .addComponent('embedder', deps.documentEmbedder)
    .addComponent('writer', writer(deps.store))
    .connect('converter.documents', 'cleaner.documents')
    .connect('cleaner.documents', 'embedder.documents')
    .connect('embedder.documents', 'writer.documents');
}
