import {
  BaseComponent,
  type Document,
  defaultRegistry,
  type Filter,
  inputSockets,
  outputSockets,
  type RunContext,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { baseRetrieverShape, deserialiseStore, runFilters, serialiseRetrieverOptions } from './retriever-common.js';

export const PgvectorEmbeddingRetrieverOptionsSchema = z.strictObject({
  ...baseRetrieverShape,
  /** Override `hnsw.ef_search` for this retriever's queries. @default the store's hnswEfSearch */
  efSearch: z.number().int().min(1).max(1000).optional(),
});
export type PgvectorEmbeddingRetrieverOptions = z.input<typeof PgvectorEmbeddingRetrieverOptionsSchema>;

const INPUTS = inputSockets({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'The query vector.' },
  filters: { schema: SocketSchemas.filters, optional: true, description: 'Run-time filters (see filterPolicy).' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option.' },
});
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Nearest documents, best first, with scores.' },
});

/**
 * Retrieves the documents nearest to `queryEmbedding` from a {@link PgvectorDocumentStore}
 * (exact scan or HNSW per the store's `searchStrategy`; filtered HNSW queries use pgvector's
 * iterative index scans so they still return `topK` rows when enough match).
 */
export class PgvectorEmbeddingRetriever extends BaseComponent<z.output<typeof PgvectorEmbeddingRetrieverOptionsSchema>> {
  readonly type = 'pgvector.PgvectorEmbeddingRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorEmbeddingRetrieverOptions) {
    super(PgvectorEmbeddingRetrieverOptionsSchema, options, 'PgvectorEmbeddingRetriever');
  }

  async run(
    inputs: { queryEmbedding: number[]; filters?: Filter; topK?: number },
    ctx?: RunContext,
  ): Promise<{ documents: Document[] }> {
    const o = this.options;
    const documents = await o.documentStore.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      topK: inputs.topK ?? o.topK,
      filters: runFilters(o.filterPolicy, o.filters, inputs.filters),
      returnEmbedding: o.returnEmbedding,
      efSearch: o.efSearch,
      signal: ctx?.signal,
    });
    return { documents };
  }

  override toJSON() {
    return { type: this.type, options: serialiseRetrieverOptions(this.options) };
  }
}

defaultRegistry.registerComponent(
  'pgvector.PgvectorEmbeddingRetriever',
  (options, registry) => new PgvectorEmbeddingRetriever({ ...options, documentStore: deserialiseStore(options, registry) }),
);
