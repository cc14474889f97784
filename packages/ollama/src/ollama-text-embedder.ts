import { defaultRegistry, inputSockets, type Meta, outputSockets, type RunContext, SocketSchemas } from '@synapse-rag/core';
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

const inputs = inputSockets({ text: { schema: SocketSchemas.text, description: 'The text (usually a query) to embed.' } });
const outputs = outputSockets({
  embedding: { schema: SocketSchemas.embedding },
  meta: { schema: SocketSchemas.meta, description: '`{ model, dimension }`' },
});

/**
 * Embeds one text (usually the query) with an Ollama embedding model through
 * `@langchain/ollama` (`POST /api/embed`), retrying transient failures.
 * Type name `ollama.OllamaTextEmbedder`.
 */
export class OllamaTextEmbedder extends OllamaComponent<OllamaTextEmbedderOptions> {
  readonly type = 'ollama.OllamaTextEmbedder';
  readonly inputSockets = inputs;
  readonly outputSockets = outputs;
  constructor(options: OllamaTextEmbedderInit = {}) {
    super(OllamaTextEmbedderOptionsSchema, options, 'OllamaTextEmbedder');
  }

  async run(inputs: { text: string }, ctx?: RunContext): Promise<{ embedding: number[]; meta: Meta }> {
    const o = this.options;
    const [embedding] = await embedTexts(
      { url: this.url, model: o.model, timeoutMs: o.timeoutMs, retry: o.retry, onRetry: o.onRetry },
      [o.prefix + inputs.text + o.suffix],
      { keepAlive: o.keepAlive, truncate: o.truncate, dimensions: o.dimensions, modelOptions: o.modelOptions },
      ctx?.signal,
    );
    if (!embedding) throw new Error('unreachable: one text embedded, no vector returned');
    return { embedding, meta: { model: o.model, dimension: embedding.length } };
  }
}

defaultRegistry.registerComponent('ollama.OllamaTextEmbedder', (options) => new OllamaTextEmbedder(options));
