import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { embedderOptionFields, TransformersEmbedder } from './transformers-embedder.js';

/** Options of {@link TransformersTextEmbedder}. */
export const TransformersTextEmbedderOptionsSchema = z.object({ ...embedderOptionFields });
export type TransformersTextEmbedderOptions = z.input<typeof TransformersTextEmbedderOptionsSchema>;
type Parsed = z.output<typeof TransformersTextEmbedderOptionsSchema>;

const TEXT_INPUTS = inputSockets({ text: { schema: SocketSchemas.text, description: 'Text to embed.' } });
const TEXT_OUTPUTS = outputSockets({ embedding: { schema: SocketSchemas.embedding, description: 'The text embedding.' } });

/**
 * Embeds one text (typically a query) with a local transformers.js `feature-extraction` model.
 * Default: the shipped GloVe model, offline. Pair it with {@link TransformersDocumentEmbedder}
 * using the same model, pooling and normalization (and the matching prefix conventions).
 */
export class TransformersTextEmbedder extends TransformersEmbedder<Parsed, typeof TEXT_INPUTS, typeof TEXT_OUTPUTS> {
  static readonly type = 'transformers.TransformersTextEmbedder';
  readonly inputSockets = TEXT_INPUTS;
  readonly outputSockets = TEXT_OUTPUTS;

  constructor(options: TransformersTextEmbedderOptions = {}) {
    super(TransformersTextEmbedderOptionsSchema, options, 'TransformersTextEmbedder');
  }

  async run(inputs: RunInputs<typeof TEXT_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof TEXT_OUTPUTS>> {
    const [embedding] = await this.embed([this.options.prefix + inputs.text + this.options.suffix], 1, ctx?.signal);
    return { embedding: embedding! };
  }
}

defaultRegistry.register(TransformersTextEmbedder);
