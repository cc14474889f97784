import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import {
  BaseComponent,
  defaultRegistry,
  documentText,
  inputSockets,
  outputSockets,
  type RunContext,
  type RunInputs,
  type RunOutputs,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { embedTexts } from './embed-texts.js';
import { loadFeatureExtractor, ModelHandle } from './model-cache.js';
import { modelOptionFields } from './model-options.js';
import { DEFAULT_EMBEDDING_MODEL } from './shipped-models.js';

/** Options of {@link TransformersDocumentEmbedder} (all JSON-serialisable). */
export const TransformersDocumentEmbedderOptionsSchema = z.object({
  /** Model id or folder; see `TransformersTextEmbedder`. @default 'synapse/glove-wiki-100d-20k' */
  model: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  /** `mean` | `cls` | `none`; see `TransformersTextEmbedder`. @default 'mean' */
  pooling: z.enum(['mean', 'cls', 'none']).default('mean'),
  /** L2-normalise embeddings. @default true */
  normalize: z.boolean().default(true),
  /** Text prepended to every document text (e.g. `"passage: "` for E5). @default '' */
  prefix: z.string().default(''),
  /** Text appended to every document text. @default '' */
  suffix: z.string().default(''),
  /** Documents per model call. Larger batches are faster until padding dominates. @default 32 */
  batchSize: z.number().int().positive().default(32),
  /** Meta fields whose values are embedded together with the content (before it). @default [] */
  metaFieldsToEmbed: z.array(z.string()).default([]),
  /** Joins meta values and content. @default '\n' */
  embeddingSeparator: z.string().default('\n'),
  ...modelOptionFields,
});
export type TransformersDocumentEmbedderOptions = z.input<typeof TransformersDocumentEmbedderOptionsSchema> & {
  /** Called after each batch with (documents done, total). Not serialised. */
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
export class TransformersDocumentEmbedder extends BaseComponent<Parsed> {
  readonly type = 'transformers.TransformersDocumentEmbedder';
  readonly inputSockets = DOC_INPUTS;
  readonly outputSockets = DOC_OUTPUTS;
  private readonly progress: ((done: number, total: number) => void) | undefined;

  constructor(options: TransformersDocumentEmbedderOptions = {}) {
    const { progress, ...rest } = options;
    super(TransformersDocumentEmbedderOptionsSchema, rest, 'TransformersDocumentEmbedder');
    this.progress = progress;
  }

  /** Loads the model (shared with other components using the same model). Idempotent. */
  async warmUp(): Promise<void> {
    await this.load();
  }

  private readonly handle = new ModelHandle(() => loadFeatureExtractor(this.options));

  private load(): Promise<FeatureExtractionPipeline> {
    return this.handle.get();
  }

  async run(inputs: RunInputs<typeof DOC_INPUTS>, ctx?: RunContext): Promise<Required<RunOutputs<typeof DOC_OUTPUTS>>> {
    const { documents } = inputs;
    if (documents.length === 0) return { documents: [] };
    const o = this.options;
    const texts = documents.map((d) => documentText(d, { ...o, separator: o.embeddingSeparator }));
    const extractor = await this.load();
    const embeddings = await embedTexts(extractor, texts, {
      pooling: o.pooling,
      normalize: o.normalize,
      batchSize: o.batchSize,
      owner: 'TransformersDocumentEmbedder',
      signal: ctx?.signal,
      onBatch: this.progress,
    });
    return { documents: documents.map((d, i) => ({ ...d, meta: { ...d.meta }, embedding: embeddings[i]! })) };
  }
}

defaultRegistry.registerComponent(
  'transformers.TransformersDocumentEmbedder',
  (options) => new TransformersDocumentEmbedder(options),
);
