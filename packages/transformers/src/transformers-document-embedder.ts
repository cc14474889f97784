import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, documentText, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { embedderOptionFields, TransformersEmbedder } from './transformers-embedder.js';

/** Options of {@link TransformersDocumentEmbedder} (all JSON-serializable). */
export const TransformersDocumentEmbedderOptionsSchema = z.object({
  ...embedderOptionFields,
  /** Documents per model call. Larger batches are faster until padding dominates. @default 32 */
  batchSize: z.number().int().positive().default(32),
  /** Meta fields whose values are embedded together with the content (before it). @default [] */
  metaFieldsToEmbed: z.array(z.string()).default([]),
  /** Joins meta values and content. @default '\n' */
  embeddingSeparator: z.string().default('\n'),
});
export type TransformersDocumentEmbedderOptions = z.input<typeof TransformersDocumentEmbedderOptionsSchema> & {
  /** Called after each batch with (documents done, total). Not serialized. */
  progress?: (done: number, total: number) => void;
};
type Parsed = z.output<typeof TransformersDocumentEmbedderOptionsSchema>;

const DOC_INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents, description: 'Documents to embed.' } });
const DOC_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Copies of the input documents with `embedding` set.' },
});

/**
 * Embeds documents with a local transformers.js `feature-extraction` model, in batches.
 * Returns copies with `embedding` set (inputs are not mutated), in input order.
 */
export class TransformersDocumentEmbedder extends TransformersEmbedder<Parsed, typeof DOC_INPUTS, typeof DOC_OUTPUTS> {
  static readonly type = 'transformers.TransformersDocumentEmbedder';
  readonly inputSockets = DOC_INPUTS;
  readonly outputSockets = DOC_OUTPUTS;
  private readonly progress: ((done: number, total: number) => void) | undefined;

  constructor(options: TransformersDocumentEmbedderOptions = {}) {
    const { progress, ...rest } = options;
    super(TransformersDocumentEmbedderOptionsSchema, rest, 'TransformersDocumentEmbedder');
    this.progress = progress;
  }

  async run(inputs: RunInputs<typeof DOC_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof DOC_OUTPUTS>> {
    const { documents } = inputs;
    if (documents.length === 0) return { documents: [] };
    const o = this.options;
    const texts = documents.map((d) => documentText(d, { ...o, separator: o.embeddingSeparator }));
    const embeddings = await this.embed(texts, o.batchSize, ctx?.signal, this.progress);
    return { documents: documents.map((d, i) => ({ ...d, meta: { ...d.meta }, embedding: embeddings[i]! })) };
  }
}

defaultRegistry.register(TransformersDocumentEmbedder);
