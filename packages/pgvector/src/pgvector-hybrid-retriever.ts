import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, resolveRetrievalInputs, retrieverInputs, retrieverOutputs, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { baseRetrieverShape, PgvectorRetriever } from './retriever-common.js';

export const PgvectorHybridRetrieverOptionsSchema = z.strictObject({
  ...baseRetrieverShape,
  /** Candidates taken from each list (vector, keyword) before fusion. @default max(topK, 20) */
  candidateK: z.number().int().positive().optional(),
  /** RRF constant k. @default 60 */
  rrfK: z.number().nonnegative().default(60),
  /** Weights of the [vector, keyword] lists, normalized to sum 1. @default [1, 1] */
  weights: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).default([1, 1]),
  /** Override `hnsw.ef_search` for the vector half. @default the store's hnswEfSearch */
  efSearch: z.number().int().min(1).max(1000).optional(),
});
export type PgvectorHybridRetrieverOptions = z.input<typeof PgvectorHybridRetrieverOptionsSchema>;

const INPUTS = retrieverInputs({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'The query vector.' },
  query: { schema: SocketSchemas.text, description: 'The query text (web-search syntax).' },
});
const OUTPUTS = retrieverOutputs('Fused documents, best first; scores in (0, 1].');

/**
 * Hybrid search in one SQL round trip: the vector top-`candidateK` and the keyword
 * top-`candidateK` are fused with weighted reciprocal rank fusion,
 * `score = Σ wᵢ/(k + rankᵢ) / Σ wᵢ/(k + 1)` — the same ranking as running
 * {@link PgvectorEmbeddingRetriever} and {@link PgvectorKeywordRetriever} (topK = candidateK)
 * into core's `DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' })`.
 */
export class PgvectorHybridRetriever extends PgvectorRetriever<
  z.output<typeof PgvectorHybridRetrieverOptionsSchema>,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'pgvector.PgvectorHybridRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorHybridRetrieverOptions) {
    super(PgvectorHybridRetrieverOptionsSchema, options, 'PgvectorHybridRetriever');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const documents = await o.documentStore.hybridRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      query: inputs.query,
      ...resolveRetrievalInputs(o, inputs, 'PgvectorHybridRetriever'),
      returnEmbedding: o.returnEmbedding,
      candidateK: o.candidateK,
      rrfK: o.rrfK,
      weights: o.weights,
      efSearch: o.efSearch,
      signal: ctx?.signal,
    });
    return { documents };
  }
}

defaultRegistry.register(PgvectorHybridRetriever);
