import type { BatchEmbeddingProgress, Document, Meta, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  defaultRegistry,
  documentText,
  embedInBatches,
  functionOption,
  inputSockets,
  outputSockets,
  PipelineAbortedError,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { OllamaResponseError } from './errors.js';
import { embedderOptionFields, OllamaEmbedder } from './ollama-embedder.js';

/** Progress of a document embedding run, reported after every batch (core's `BatchEmbeddingProgress`). */
export type EmbeddingProgress = BatchEmbeddingProgress;

export const OllamaDocumentEmbedderOptionsSchema = z
  .object({
    ...embedderOptionFields,
    /** Documents sent per `/api/embed` request. @default 32 */
    batchSize: z.number().int().positive().default(32),
    /** Meta fields whose values are embedded together with the content (missing/null ones are skipped). @default [] */
    metaFieldsToEmbed: z.array(z.string().min(1)).default([]),
    /** Joins the meta values and the content. @default "\n" */
    embeddingSeparator: z.string().default('\n'),
    /** Called after every batch. Not serialized. @default none */
    progress: functionOption<(progress: EmbeddingProgress) => void>('progress'),
  })
  .strict();

export type OllamaDocumentEmbedderOptions = z.output<typeof OllamaDocumentEmbedderOptionsSchema>;
export type OllamaDocumentEmbedderInit = z.input<typeof OllamaDocumentEmbedderOptionsSchema>;

const INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents } });
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Copies of the input documents with `embedding` set.' },
  meta: { schema: SocketSchemas.meta, description: '`{ model, dimension, batches }`' },
});

/**
 * Embeds documents with an Ollama embedding model through `@langchain/ollama`
 * (`POST /api/embed`, `batchSize` texts per request), retrying transient failures.
 * Returns copies; the input documents are not modified. Type name `ollama.OllamaDocumentEmbedder`.
 */
export class OllamaDocumentEmbedder extends OllamaEmbedder<OllamaDocumentEmbedderOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaDocumentEmbedder';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaDocumentEmbedderInit = {}) {
    super(OllamaDocumentEmbedderOptionsSchema, options, 'OllamaDocumentEmbedder');
  }

  /** The exact text embedded for `doc` (prefix, meta fields, content, suffix). */
  textToEmbed(doc: Document): string {
    return documentText(doc, { ...this.options, separator: this.options.embeddingSeparator });
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const mismatch = (what: string) =>
      new OllamaResponseError(`Ollama at ${this.url} returned ${what} for model "${o.model}".`, {
        url: this.url,
        model: o.model,
      });
    const { documents, batches, dimension } = await embedInBatches(inputs.documents, {
      batchSize: o.batchSize,
      text: (d) => this.textToEmbed(d),
      embed: (texts) => this.embed(texts, ctx?.signal),
      vector: (value) => value as number[],
      dimensionMismatch: (first, got) => mismatch(`${got}-dimensional embeddings after ${first}-dimensional ones`),
      countMismatch: (got, expected) => mismatch(`${got} embeddings for ${expected} texts`),
      progress: o.progress,
      throwIfAborted: () => {
        if (ctx?.signal.aborted) throw new PipelineAbortedError(ctx.signal.reason);
      },
    });
    const meta: Meta = { model: o.model, batches };
    if (dimension !== undefined) meta['dimension'] = dimension;
    return { documents, meta };
  }
}

defaultRegistry.register(OllamaDocumentEmbedder);
