import {
  defaultRegistry,
  inputSockets,
  outputSockets,
  type RunContext,
  type RunInputs,
  type RunOutputs,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { ConnectionOptionsShape, ModelOptionsSchema } from './connection-options.js';
import { OllamaComponent } from './ollama-component.js';
import { embedTexts } from './ollama-embed.js';

export const OllamaTextEmbedderOptionsSchema = z
  .object({
    ...ConnectionOptionsShape,
    /** Ollama embedding model (must be pulled on the server). @default "mxbai-embed-large" (1024 dimensions) */
    model: z.string().min(1).default('mxbai-embed-large'),
    /** Text put before the input, e.g. `"search_query: "` for nomic-embed-text. @default "" */
    prefix: z.string().default(''),
    /** Text put after the input. @default "" */
    suffix: z.string().default(''),
    /** Let the server cut inputs longer than the model's context (else it answers 400). @default true */
    truncate: z.boolean().default(true),
    /** Ask the server for shorter vectors (only models trained for it, e.g. Matryoshka ones). @default the model's size */
    dimensions: z.number().int().positive().optional(),
    /** Model parameters sent as `options` (e.g. `{ numCtx: 8192 }`). @default none */
    modelOptions: ModelOptionsSchema.optional(),
  })
  .strict();

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
export class OllamaTextEmbedder extends OllamaComponent<OllamaTextEmbedderOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaTextEmbedder';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaTextEmbedderInit = {}) {
    super(OllamaTextEmbedderOptionsSchema, options, 'OllamaTextEmbedder');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const [embedding] = await embedTexts(
      this.connection(),
      [o.prefix + inputs.text + o.suffix],
      { keepAlive: o.keepAlive, truncate: o.truncate, dimensions: o.dimensions, modelOptions: o.modelOptions },
      ctx?.signal,
    );
    if (!embedding) throw new Error('unreachable: one text embedded, no vector returned');
    return { embedding, meta: { model: o.model, dimension: embedding.length } };
  }
}

defaultRegistry.register(OllamaTextEmbedder);
