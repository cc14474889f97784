import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { embedderOptionFields, OllamaEmbedder } from './ollama-embedder.js';

export const OllamaTextEmbedderOptionsSchema = z.object({ ...embedderOptionFields }).strict();

export type OllamaTextEmbedderOptions = z.output<typeof OllamaTextEmbedderOptionsSchema>;
export type OllamaTextEmbedderInit = z.input<typeof OllamaTextEmbedderOptionsSchema>;

const INPUTS = inputSockets({ text: { schema: SocketSchemas.text, description: 'The text (usually a query) to embed.' } });
const OUTPUTS = outputSockets({
  embedding: { schema: SocketSchemas.embedding },
  meta: { schema: SocketSchemas.meta, description: '`{ model, dimension }`' },
});

/**
 * Embeds one text (usually the query) with an Ollama embedding model through
 * `@langchain/ollama` (`POST /api/embed`), retrying transient failures.
 * Type name `ollama.OllamaTextEmbedder`.
 */
export class OllamaTextEmbedder extends OllamaEmbedder<OllamaTextEmbedderOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaTextEmbedder';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaTextEmbedderInit = {}) {
    super(OllamaTextEmbedderOptionsSchema, options, 'OllamaTextEmbedder');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const [embedding] = await this.embed([o.prefix + inputs.text + o.suffix], ctx?.signal);
    if (!embedding) throw new Error('unreachable: one text embedded, no vector returned');
    return { embedding, meta: { model: o.model, dimension: embedding.length } };
  }
}

defaultRegistry.register(OllamaTextEmbedder);
