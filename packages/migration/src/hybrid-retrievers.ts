import type { InputSockets, RetrievalRunInputs, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  defaultRegistry,
  retrieverInputs,
  retrieverOptionFields,
  retrieverOutputs,
  SocketSchemas,
  StoreRetriever,
} from '@synapse-rag/core';
import { z } from 'zod';
import { HybridDocumentStore } from './hybrid-document-store.js';

const ROUTING_KEY = {
  schema: z.string(),
  optional: true,
  description: 'User or session id: sticky routing between the legacy and the target store (random per run without it).',
} as const;

/** Options shared by {@link HybridEmbeddingRetriever} and {@link HybridKeywordRetriever}. */
export const HybridRetrieverOptionsSchema = z.strictObject({
  /** The hybrid store whose `routeRead` picks the store for each run. */
  store: z.custom<HybridDocumentStore>((v) => v instanceof HybridDocumentStore, 'must be a HybridDocumentStore'),
  ...retrieverOptionFields,
  /** Ask the stores for embeddings with the documents (stores differ in their own default). @default undefined (the store's default) */
  returnEmbedding: z.boolean().optional(),
});
export type HybridRetrieverOptions = z.input<typeof HybridRetrieverOptionsSchema>;
type Parsed = z.output<typeof HybridRetrieverOptionsSchema>;

const EMBEDDING_INPUTS = retrieverInputs({
  queryEmbedding: { schema: SocketSchemas.embedding, description: 'The query vector.' },
  routingKey: ROUTING_KEY,
});
const KEYWORD_INPUTS = retrieverInputs({
  query: { schema: SocketSchemas.text, description: 'The keyword query.' },
  routingKey: ROUTING_KEY,
});
const OUTPUTS = retrieverOutputs('Documents from the store routeRead picked, best first, with that store’s scores.');

/**
 * Base of both: core's {@link StoreRetriever} with the store under `store`, re-created as a
 * {@link HybridDocumentStore}, and what both routed calls share.
 */
abstract class HybridRetriever<I extends InputSockets> extends StoreRetriever<Parsed, I, typeof OUTPUTS> {
  static override readonly storeOption = 'store';
  static override readonly storeClass = HybridDocumentStore;
  readonly outputSockets = OUTPUTS;

  constructor(options: HybridRetrieverOptions) {
    super(HybridRetrieverOptionsSchema, options);
  }

  /** One run's retrieval options: `topK` and `filters` by core's rule, `returnEmbedding`, `routingKey`, the run's signal. */
  protected routedRetrieval(inputs: RetrievalRunInputs & { routingKey?: string | undefined }, ctx: RunContext | undefined) {
    return {
      ...this.resolveRetrieval(inputs),
      returnEmbedding: this.options.returnEmbedding,
      routingKey: inputs.routingKey,
      signal: ctx?.signal,
    };
  }
}

/**
 * Embedding retrieval through a {@link HybridDocumentStore}: each run goes to the store
 * `routeRead(routingKey)` picks (sticky per key), with the store's sampled shadow reads.
 */
export class HybridEmbeddingRetriever extends HybridRetriever<typeof EMBEDDING_INPUTS> {
  static readonly type = 'migration.HybridEmbeddingRetriever';
  readonly inputSockets = EMBEDDING_INPUTS;

  async run(inputs: RunInputs<typeof EMBEDDING_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents = await this.options.store.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      ...this.routedRetrieval(inputs, ctx),
    });
    return { documents };
  }
}

/**
 * Keyword retrieval through a {@link HybridDocumentStore}, routed like
 * {@link HybridEmbeddingRetriever}. When the routed store has no keyword retrieval (Chroma), the
 * store's `keywordFallback` decides: no documents (default), the other store, or an error.
 */
export class HybridKeywordRetriever extends HybridRetriever<typeof KEYWORD_INPUTS> {
  static readonly type = 'migration.HybridKeywordRetriever';
  readonly inputSockets = KEYWORD_INPUTS;

  async run(inputs: RunInputs<typeof KEYWORD_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents = await this.options.store.keywordRetrieval({ query: inputs.query, ...this.routedRetrieval(inputs, ctx) });
    return { documents };
  }
}

defaultRegistry.register(HybridEmbeddingRetriever).register(HybridKeywordRetriever);
