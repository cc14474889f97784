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

export const PgvectorHybridRetrieverOptionsSchema = z.strictObject({
  ...baseRetrieverShape,
  /** Candidates taken from each list (vector, keyword) before fusion. @default max(topK, 20) */
  candidateK: z.number().int().positive().optional(),
  /** RRF constant k. @default 60 */
  rrfK: z.number().nonnegative().default(60),
  /** Weights of the [vector, keyword] lists, normalised to sum 1. @default [1, 1] */
  weights: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).default([1, 1]),
  /** Override `hnsw.ef_search` for the vector half. @default the store's hnswEfSearch */
  efSearch: z.number().int().min(1).max(1000).optional(),
});
export type PgvectorHybridRetrieverOptions = z.input<typeof PgvectorHybridRetrieverOptionsSchema>;

const INPUTS = inputSockets({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'The query vector.' },
  query: { schema: SocketSchemas.text, description: 'The query text (web-search syntax).' },
  filters: { schema: SocketSchemas.filters, optional: true, description: 'Run-time filters (see filterPolicy).' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option.' },
});
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Fused documents, best first; scores in (0, 1].' },
});

/**
 * Hybrid search in one SQL round trip: the vector top-`candidateK` and the keyword
 * top-`candidateK` are fused with weighted reciprocal rank fusion,
 * `score = Σ wᵢ/(k + rankᵢ) / Σ wᵢ/(k + 1)` — the same ranking as running
 * {@link PgvectorEmbeddingRetriever} and {@link PgvectorKeywordRetriever} (topK = candidateK)
 * into core's `DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' })`.
 */
export class PgvectorHybridRetriever extends BaseComponent<z.output<typeof PgvectorHybridRetrieverOptionsSchema>> {
  readonly type = 'pgvector.PgvectorHybridRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorHybridRetrieverOptions) {
    super(PgvectorHybridRetrieverOptionsSchema, options, 'PgvectorHybridRetriever');
  }

  async run(
    inputs: { queryEmbedding: number[]; query: string; filters?: Filter; topK?: number },
    ctx?: RunContext,
  ): Promise<{ documents: Document[] }> {
    const o = this.options;
    const documents = await o.documentStore.hybridRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      query: inputs.query,
      topK: inputs.topK ?? o.topK,
      filters: runFilters(o.filterPolicy, o.filters, inputs.filters),
      returnEmbedding: o.returnEmbedding,
      candidateK: o.candidateK,
      rrfK: o.rrfK,
      weights: o.weights,
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
  'pgvector.PgvectorHybridRetriever',
  (options, registry) => new PgvectorHybridRetriever({ ...options, documentStore: deserialiseStore(options, registry) }),
);
