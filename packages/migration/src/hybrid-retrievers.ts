import type { ComponentJSON, Registry, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  BaseComponent,
  defaultRegistry,
  deserializeStore,
  resolveRetrievalInputs,
  retrieverInputs,
  retrieverOptionFields,
  retrieverOutputs,
  SocketSchemas,
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

function serialize(type: string, options: Parsed): ComponentJSON {
  const { store, ...rest } = options;
  return { type, options: { store: store.toJSON(), ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>) } };
}

function deserialize(options: Record<string, unknown>, registry: Registry): HybridRetrieverOptions {
  const store = deserializeStore(options.store, registry, HybridDocumentStore, 'hybrid routing retriever');
  return { ...(options as Omit<HybridRetrieverOptions, 'store'>), store };
}

/**
 * Embedding retrieval through a {@link HybridDocumentStore}: each run goes to the store
 * `routeRead(routingKey)` picks (sticky per key), with the store's sampled shadow reads.
 */
export class HybridEmbeddingRetriever extends BaseComponent<Parsed, typeof EMBEDDING_INPUTS, typeof OUTPUTS> {
  static readonly type = 'migration.HybridEmbeddingRetriever';
  readonly inputSockets = EMBEDDING_INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: HybridRetrieverOptions) {
    super(HybridRetrieverOptionsSchema, options, 'HybridEmbeddingRetriever');
  }

  async run(inputs: RunInputs<typeof EMBEDDING_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents = await this.options.store.embeddingRetrieval({
      queryEmbedding: inputs.queryEmbedding,
      ...resolveRetrievalInputs(this.options, inputs, 'HybridEmbeddingRetriever'),
      returnEmbedding: this.options.returnEmbedding,
      routingKey: inputs.routingKey,
      signal: ctx?.signal,
    });
    return { documents };
  }

  static fromJSONOptions(options: Record<string, unknown>, registry: Registry = defaultRegistry): HybridEmbeddingRetriever {
    return new HybridEmbeddingRetriever(deserialize(options, registry));
  }

  override toJSON(): ComponentJSON {
    return serialize(this.type, this.options);
  }
}

/**
 * Keyword retrieval through a {@link HybridDocumentStore}, routed like
 * {@link HybridEmbeddingRetriever}. When the routed store has no keyword retrieval (Chroma), the
 * store's `keywordFallback` decides: no documents (default), the other store, or an error.
 */
export class HybridKeywordRetriever extends BaseComponent<Parsed, typeof KEYWORD_INPUTS, typeof OUTPUTS> {
  static readonly type = 'migration.HybridKeywordRetriever';
  readonly inputSockets = KEYWORD_INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: HybridRetrieverOptions) {
    super(HybridRetrieverOptionsSchema, options, 'HybridKeywordRetriever');
  }

  async run(inputs: RunInputs<typeof KEYWORD_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents = await this.options.store.keywordRetrieval({
      query: inputs.query,
      ...resolveRetrievalInputs(this.options, inputs, 'HybridKeywordRetriever'),
      returnEmbedding: this.options.returnEmbedding,
      routingKey: inputs.routingKey,
      signal: ctx?.signal,
    });
    return { documents };
  }

  static fromJSONOptions(options: Record<string, unknown>, registry: Registry = defaultRegistry): HybridKeywordRetriever {
    return new HybridKeywordRetriever(deserialize(options, registry));
  }

  override toJSON(): ComponentJSON {
    return serialize(this.type, this.options);
  }
}

defaultRegistry.register(HybridEmbeddingRetriever).register(HybridKeywordRetriever);
