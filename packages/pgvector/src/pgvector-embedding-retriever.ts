import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, resolveRetrievalInputs, retrieverInputs, retrieverOutputs, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { baseRetrieverShape, PgvectorRetriever } from './retriever-common.js';

export const PgvectorEmbeddingRetrieverOptionsSchema = z.strictObject({
  ...baseRetrieverShape,
  /** Override `hnsw.ef_search` for this retriever's queries. @default the store's hnswEfSearch */
  efSearch: z.number().int().min(1).max(1000).optional(),
});
export type PgvectorEmbeddingRetrieverOptions = z.input<typeof PgvectorEmbeddingRetrieverOptionsSchema>;

const INPUTS = retrieverInputs({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'The query vector.' },
});
const OUTPUTS = retrieverOutputs('Nearest documents, best first, with scores.');

/**
 * Retrieves the documents nearest to `queryEmbedding` from a {@link PgvectorDocumentStore}
 * (exact scan or HNSW per the store's `searchStrategy`; filtered HNSW queries use pgvector's
 * iterative index scans so they still return `topK` rows when enough match).
 */
export class PgvectorEmbeddingRetriever extends PgvectorRetriever<
  z.output<typeof PgvectorEmbeddingRetrieverOptionsSchema>,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'pgvector.PgvectorEmbeddingRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorEmbeddingRetrieverOptions) {
    super(PgvectorEmbeddingRetrieverOptionsSchema, options, 'PgvectorEmbeddingRetriever');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const documents = await o.documentStore.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      ...resolveRetrievalInputs(o, inputs, 'PgvectorEmbeddingRetriever'),
      returnEmbedding: o.returnEmbedding,
      efSearch: o.efSearch,
      signal: ctx?.signal,
    });
    return { documents };
  }
}

defaultRegistry.register(PgvectorEmbeddingRetriever);
