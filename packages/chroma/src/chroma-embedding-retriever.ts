import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  defaultRegistry,
  retrieverInputs,
  retrieverOptionFields,
  retrieverOutputs,
  SocketSchemas,
  StoreRetriever,
  validateOptionalFilter,
} from '@synapse-rag/core';
import { z } from 'zod';
import { ChromaDocumentStore } from './chroma-document-store.js';
import { filterToChroma } from './filter-to-chroma.js';

/** Registered type name of {@link ChromaEmbeddingRetriever}. */
export const CHROMA_EMBEDDING_RETRIEVER_TYPE = 'chroma.ChromaEmbeddingRetriever';

export const ChromaEmbeddingRetrieverOptionsSchema = z.strictObject({
  /** The store to search. */
  store: z.custom<ChromaDocumentStore>((v) => v instanceof ChromaDocumentStore, 'must be a ChromaDocumentStore'),
  /** `filters`, `topK` (@default 10), `filterPolicy` (@default "replace"): core's retriever options. */
  ...retrieverOptionFields,
  /** Return stored embeddings with the documents. @default false */
  returnEmbedding: z.boolean().default(false),
});
export type ChromaEmbeddingRetrieverOptions = z.input<typeof ChromaEmbeddingRetrieverOptionsSchema>;
type ParsedOptions = z.output<typeof ChromaEmbeddingRetrieverOptionsSchema>;

const INPUTS = retrieverInputs({ queryEmbedding: { schema: SocketSchemas.embedding } });
const OUTPUTS = retrieverOutputs(
  'Best first; score = cosine similarity (cosine), dot product (ip) or Euclidean distance, ascending (l2).',
);

/** Run inputs of {@link ChromaEmbeddingRetriever}. */
export type ChromaEmbeddingRetrieverInputs = RunInputs<typeof INPUTS>;

/**
 * Retrieves the documents nearest to a query embedding from a {@link ChromaDocumentStore}.
 * Scores are on the pgvector store's scale for the same function: cosine similarity
 * (1 − Chroma's cosine distance), the dot product for `ip` (1 − Chroma's ip distance), and the
 * Euclidean distance for `l2` (√ of Chroma's squared distance; lower is better).
 *
 * @example
 * ```ts
 * const retriever = new ChromaEmbeddingRetriever({ store, topK: 5 });
 * const { documents } = await retriever.run({ queryEmbedding: [0.1, 0.2, 0.3] });
 * ```
 */
export class ChromaEmbeddingRetriever extends StoreRetriever<ParsedOptions, typeof INPUTS, typeof OUTPUTS> {
  static override readonly storeOption = 'store';
  static override readonly storeClass = ChromaDocumentStore;
  static readonly type = CHROMA_EMBEDDING_RETRIEVER_TYPE;
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: ChromaEmbeddingRetrieverOptions) {
    super(ChromaEmbeddingRetrieverOptionsSchema, options);
    // Fail at construction, not at the first query, when Chroma cannot express the filters.
    filterToChroma(validateOptionalFilter(this.options.filters));
  }

  async run(inputs: ChromaEmbeddingRetrieverInputs, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const { topK, filters } = this.resolveRetrieval(inputs);
    const documents = await this.options.store.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      topK,
      filters,
      returnEmbedding: this.options.returnEmbedding,
      signal: ctx?.signal,
    });
    return { documents };
  }
}

defaultRegistry.register(ChromaEmbeddingRetriever);
