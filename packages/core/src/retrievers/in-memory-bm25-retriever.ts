import { z } from 'zod';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import type { RunInputs, RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { inMemoryRetrieverOptionFields } from './in-memory-store-option.js';
import { retrieverInputs, retrieverOutputs } from './retriever-sockets.js';
import { StoreRetriever } from './store-retriever.js';

/** Registered type name of {@link InMemoryBM25Retriever}. */
export const IN_MEMORY_BM25_RETRIEVER_TYPE = 'core.InMemoryBM25Retriever';

export const InMemoryBM25RetrieverOptionsSchema = z.strictObject({
  /** `documentStore`, `filters`, `topK` (@default 10), `filterPolicy` (@default "replace"). */
  ...inMemoryRetrieverOptionFields,
  /** Map BM25 scores to [0, 1] with `sigmoid(score / 8)`. @default false */
  scaleScore: z.boolean().default(false),
});

/** Options accepted by the {@link InMemoryBM25Retriever} constructor. */
export type InMemoryBM25RetrieverOptions = z.input<typeof InMemoryBM25RetrieverOptionsSchema>;
type ParsedOptions = z.output<typeof InMemoryBM25RetrieverOptionsSchema>;

const BM25_INPUTS = retrieverInputs({ query: { schema: SocketSchemas.text, description: 'The keyword query.' } });
const BM25_OUTPUTS = retrieverOutputs('Best matches first, with BM25 scores.');

/** Run inputs of {@link InMemoryBM25Retriever}. */
export type InMemoryBM25RetrieverInputs = RunInputs<typeof BM25_INPUTS>;

/**
 * Keyword retrieval from an {@link InMemoryDocumentStore} with BM25 (the store's algorithm and
 * tokenization). Only documents sharing a term with the query are returned.
 *
 * @example
 * ```ts
 * const retriever = new InMemoryBM25Retriever({ documentStore: store, topK: 5 });
 * const { documents } = await retriever.run({ query: 'capital of France' });
 * ```
 */
export class InMemoryBM25Retriever extends StoreRetriever<ParsedOptions, typeof BM25_INPUTS, typeof BM25_OUTPUTS> {
  static override readonly storeClass = InMemoryDocumentStore;
  static readonly type = IN_MEMORY_BM25_RETRIEVER_TYPE;
  readonly inputSockets = BM25_INPUTS;
  readonly outputSockets = BM25_OUTPUTS;

  constructor(options: InMemoryBM25RetrieverOptions) {
    super(InMemoryBM25RetrieverOptionsSchema, options);
  }

  async run(inputs: InMemoryBM25RetrieverInputs, ctx?: RunContext): Promise<RunOutputs<typeof BM25_OUTPUTS>> {
    ctx?.signal.throwIfAborted();
    const { documentStore, scaleScore } = this.options;
    const documents = await documentStore.bm25Retrieval({
      query: inputs.query,
      ...this.resolveRetrieval(inputs),
      scaleScore,
    });
    return { documents };
  }
}

defaultRegistry.register(InMemoryBM25Retriever);
