import {
  applyFilterPolicy,
  BaseComponent,
  type ComponentJSON,
  type Document,
  defaultRegistry,
  deserializeStore,
  type Filter,
  FilterSchema,
  InvalidOptionsError,
  inputSockets,
  outputSockets,
  type RunContext,
  SocketSchemas,
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
  /** Filters applied to every run (combined with run-time filters per `filterPolicy`). @default undefined */
  filters: FilterSchema.optional(),
  /** Number of documents to return. A `topK` run input overrides it. @default 10 */
  topK: z.number().int().positive().default(10),
  /** `replace`: run-time filters replace `filters`; `merge`: both must hold. @default "replace" */
  filterPolicy: z.enum(['replace', 'merge']).default('replace'),
  /** Return stored embeddings with the documents. @default false */
  returnEmbedding: z.boolean().default(false),
});
export type ChromaEmbeddingRetrieverOptions = z.input<typeof ChromaEmbeddingRetrieverOptionsSchema>;
type ParsedOptions = z.output<typeof ChromaEmbeddingRetrieverOptionsSchema>;

const INPUTS = inputSockets({
  queryEmbedding: { schema: SocketSchemas.embedding },
  filters: { schema: SocketSchemas.filters, optional: true, description: 'Combined with the filters option per filterPolicy.' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option for this run.' },
});
const OUTPUTS = outputSockets({
  documents: {
    schema: SocketSchemas.documents,
    description: 'Best first; score = cosine similarity (cosine), dot product (ip) or Euclidean distance, ascending (l2).',
  },
});

/** Run inputs of {@link ChromaEmbeddingRetriever}. */
export interface ChromaEmbeddingRetrieverInputs {
  queryEmbedding: number[];
  filters?: Filter;
  topK?: number;
}

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
export class ChromaEmbeddingRetriever extends BaseComponent<ParsedOptions> {
  readonly type = CHROMA_EMBEDDING_RETRIEVER_TYPE;
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: ChromaEmbeddingRetrieverOptions) {
    super(ChromaEmbeddingRetrieverOptionsSchema, options, 'ChromaEmbeddingRetriever');
    // Fail at construction, not at the first query, when Chroma cannot express the filters.
    filterToChroma(validateOptionalFilter(this.options.filters));
  }

  async run(inputs: ChromaEmbeddingRetrieverInputs, ctx?: RunContext): Promise<{ documents: Document[] }> {
    const topK = inputs.topK ?? this.options.topK;
    if (!Number.isInteger(topK) || topK < 1) {
      throw new InvalidOptionsError('ChromaEmbeddingRetriever run input', `topK must be a positive integer, got ${String(topK)}`);
    }
    const filters = applyFilterPolicy(
      this.options.filterPolicy,
      validateOptionalFilter(this.options.filters),
      validateOptionalFilter(inputs.filters),
    );
    const documents = await this.options.store.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      topK,
      filters,
      returnEmbedding: this.options.returnEmbedding,
      signal: ctx?.signal,
    });
    return { documents };
  }

  override toJSON(): ComponentJSON {
    const { store, filters, topK, filterPolicy, returnEmbedding } = this.options;
    const options: Record<string, unknown> = { store: store.toJSON(), topK, filterPolicy, returnEmbedding };
    if (filters !== undefined) options.filters = JSON.parse(JSON.stringify(filters));
    return { type: this.type, options };
  }
}

defaultRegistry.registerComponent(CHROMA_EMBEDDING_RETRIEVER_TYPE, (options, registry) => {
  const { store, ...rest } = options;
  const resolved = deserializeStore(store, registry, ChromaDocumentStore, 'ChromaEmbeddingRetriever');
  return new ChromaEmbeddingRetriever({ ...rest, store: resolved });
});
