import type { ComponentJSON, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { checkEmbedding } from './check-embedding.js';
import { LangChainEmbeddingsComponent } from './langchain-embeddings-component.js';
import { isEmbeddings, langChainObjectOption } from './langchain-object-option.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

export const LangChainTextEmbedderOptionsSchema = z
  .object({
    /**
     * Any LangChain `Embeddings` (e.g. `OllamaEmbeddings`, `OpenAIEmbeddings`), or the name it
     * is registered under in the {@link LangChainObjectRegistry} (required for `toJSON()`).
     */
    embeddings: langChainObjectOption(isEmbeddings, 'LangChain Embeddings'),
    /** Text put before the input. @default "" */
    prefix: z.string().default(''),
    /** Text put after the input. @default "" */
    suffix: z.string().default(''),
  })
  .strict();

export type LangChainTextEmbedderOptions = z.output<typeof LangChainTextEmbedderOptionsSchema>;
export type LangChainTextEmbedderInit = z.input<typeof LangChainTextEmbedderOptionsSchema>;

const INPUTS = inputSockets({ text: { schema: SocketSchemas.text } });
const OUTPUTS = outputSockets({
  embedding: { schema: SocketSchemas.embedding },
  meta: { schema: SocketSchemas.meta, description: '`{ embeddings: class name, dimension }`' },
});

/**
 * Wraps any LangChain `Embeddings` as a Synapse text embedder (`embedQuery`).
 * Type name `langchain.LangChainTextEmbedder`.
 */
export class LangChainTextEmbedder extends LangChainEmbeddingsComponent<
  LangChainTextEmbedderOptions,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'langchain.LangChainTextEmbedder';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: LangChainTextEmbedderInit, objects: LangChainObjectRegistry = defaultLangChainObjects) {
    super(LangChainTextEmbedderOptionsSchema, options, objects);
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const text = this.options.prefix + inputs.text + this.options.suffix;
    const embedding = checkEmbedding(await this.call((e) => e.embedQuery(text), ctx), 'an embedding');
    return { embedding, meta: { embeddings: this.embeddings.constructor.name, dimension: embedding.length } };
  }

  /** `{ type, options }` with the embeddings replaced by their registered name (throws `SerializationError` without one). */
  override toJSON(): ComponentJSON {
    const { prefix, suffix } = this.options;
    return { type: this.type, options: { embeddings: this.serializedEmbeddings(), prefix, suffix } };
  }
}

defaultRegistry.register(LangChainTextEmbedder);
