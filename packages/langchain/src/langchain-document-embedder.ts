import type { BatchEmbeddingProgress, Document, Meta, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  defaultRegistry,
  documentText,
  embedInBatches,
  functionOption,
  inputSockets,
  outputSockets,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { checkEmbedding } from './check-embedding.js';
import { LangChainInteropError } from './errors.js';
import { affixOptionFields, embeddingsOption, LangChainEmbeddingsComponent } from './langchain-embeddings-component.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

/** Progress of a document embedding run, reported after every batch (core's `BatchEmbeddingProgress`). */
export type LangChainEmbeddingProgress = BatchEmbeddingProgress;

export const LangChainDocumentEmbedderOptionsSchema = z
  .object({
    /** Any LangChain `Embeddings`, or the name it is registered under (required for `toJSON()`). */
    embeddings: embeddingsOption,
    /** Documents per `embedDocuments` call. @default 32 */
    batchSize: z.number().int().positive().default(32),
    /** Meta fields whose values are embedded together with the content. @default [] */
    metaFieldsToEmbed: z.array(z.string().min(1)).default([]),
    /** Joins the meta values and the content. @default "\n" */
    embeddingSeparator: z.string().default('\n'),
    ...affixOptionFields,
    /** Called after every batch. Not serialized. @default none */
    progress: functionOption<(progress: LangChainEmbeddingProgress) => void>('progress'),
  })
  .strict();

export type LangChainDocumentEmbedderOptions = z.output<typeof LangChainDocumentEmbedderOptionsSchema>;
export type LangChainDocumentEmbedderInit = z.input<typeof LangChainDocumentEmbedderOptionsSchema>;

const INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents } });
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents },
  meta: { schema: SocketSchemas.meta, description: '`{ embeddings: class name, batches, dimension }`' },
});

/**
 * Wraps any LangChain `Embeddings` as a Synapse document embedder (`embedDocuments` per
 * batch). Returns copies with `embedding` set. Type name `langchain.LangChainDocumentEmbedder`.
 */
export class LangChainDocumentEmbedder extends LangChainEmbeddingsComponent<
  LangChainDocumentEmbedderOptions,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'langchain.LangChainDocumentEmbedder';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: LangChainDocumentEmbedderInit, objects: LangChainObjectRegistry = defaultLangChainObjects) {
    super(LangChainDocumentEmbedderOptionsSchema, options, objects);
  }

  /** The exact text embedded for `doc`. */
  textToEmbed(doc: Document): string {
    return documentText(doc, { ...this.options, separator: this.options.embeddingSeparator });
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const { documents, batches, dimension } = await embedInBatches(inputs.documents, {
      batchSize: o.batchSize,
      text: (d) => this.textToEmbed(d),
      embed: (texts) => this.call((e) => e.embedDocuments(texts), ctx),
      vector: (value, doc) => checkEmbedding(value, `the embedding of document ${doc.id}`),
      dimensionMismatch: (first, got) =>
        new LangChainInteropError(`The LangChain embeddings returned vectors of different lengths (${first} and ${got}).`),
      countMismatch: (got, expected) =>
        new LangChainInteropError(`The LangChain embeddings returned ${got || 'no'} vectors for ${expected} documents.`),
      progress: o.progress,
    });
    const meta: Meta = { embeddings: this.embeddings.constructor.name, batches };
    if (dimension !== undefined) meta['dimension'] = dimension;
    return { documents, meta };
  }
}

defaultRegistry.register(LangChainDocumentEmbedder);
