import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { checkEmbedding } from './check-embedding.js';
import { affixOptionFields, embeddingsOption, LangChainEmbeddingsComponent } from './langchain-embeddings-component.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

export const LangChainTextEmbedderOptionsSchema = z
  .object({
    /** Any LangChain `Embeddings`, or the name it is registered under (required for `toJSON()`). */
    embeddings: embeddingsOption,
    ...affixOptionFields,
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
}

defaultRegistry.register(LangChainTextEmbedder);
