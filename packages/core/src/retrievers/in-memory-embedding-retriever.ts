import { z } from 'zod';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import type { RunInputs, RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { inMemoryRetrieverOptionFields } from './in-memory-store-option.js';
import { retrieverInputs, retrieverOutputs } from './retriever-sockets.js';
import { StoreRetriever } from './store-retriever.js';

/** Registered type name of {@link InMemoryEmbeddingRetriever}. */
export const IN_MEMORY_EMBEDDING_RETRIEVER_TYPE = 'core.InMemoryEmbeddingRetriever';

export const InMemoryEmbeddingRetrieverOptionsSchema = z.strictObject({
  /** `documentStore`, `filters`, `topK` (@default 10), `filterPolicy` (@default "replace"). */
  ...inMemoryRetrieverOptionFields,
  /**
   * Map scores to [0, 1], higher is better: cosine `(s + 1) / 2`, dot product `sigmoid(s / 100)`,
   * l2 `1 / (1 + distance)`. Unscaled l2 scores are distances (lower is better). @default false
   */
  scaleScore: z.boolean().default(false),
  /** Include embeddings in the returned documents. @default false */
  returnEmbedding: z.boolean().default(false),
});

/** Options accepted by the {@link InMemoryEmbeddingRetriever} constructor. */
export type InMemoryEmbeddingRetrieverOptions = z.input<typeof InMemoryEmbeddingRetrieverOptionsSchema>;
type ParsedOptions = z.output<typeof InMemoryEmbeddingRetrieverOptionsSchema>;

const EMBEDDING_INPUTS = retrieverInputs({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'Embedding of the query.' },
});
const EMBEDDING_OUTPUTS = retrieverOutputs('Nearest documents first, with similarity scores.');

/** Run inputs of {@link InMemoryEmbeddingRetriever}. */
export type InMemoryEmbeddingRetrieverInputs = RunInputs<typeof EMBEDDING_INPUTS>;

/**
 * Exact nearest-neighbour retrieval from an {@link InMemoryDocumentStore} with the store's
 * `embeddingSimilarityFunction` (cosine by default). Documents without an embedding are skipped.
 *
 * @example
 * ```ts
 * const retriever = new InMemoryEmbeddingRetriever({ documentStore: store, topK: 5 });
 * const { documents } = await retriever.run({ queryEmbedding: await embed('capital of France') });
 * ```
 */
export class InMemoryEmbeddingRetriever extends StoreRetriever<ParsedOptions, typeof EMBEDDING_INPUTS, typeof EMBEDDING_OUTPUTS> {
  static override readonly storeClass = InMemoryDocumentStore;
  static readonly type = IN_MEMORY_EMBEDDING_RETRIEVER_TYPE;
  readonly inputSockets = EMBEDDING_INPUTS;
  readonly outputSockets = EMBEDDING_OUTPUTS;

  constructor(options: InMemoryEmbeddingRetrieverOptions) {
    super(InMemoryEmbeddingRetrieverOptionsSchema, options);
  }

  async run(inputs: InMemoryEmbeddingRetrieverInputs, ctx?: RunContext): Promise<RunOutputs<typeof EMBEDDING_OUTPUTS>> {
    ctx?.signal.throwIfAborted();
    const { documentStore, scaleScore, returnEmbedding } = this.options;
    const documents = await documentStore.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      returnEmbedding,
      ...this.resolveRetrieval(inputs),
      scaleScore,
    });
    return { documents };
  }
}

defaultRegistry.register(InMemoryEmbeddingRetriever);
