import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import {
  BaseComponent,
  defaultRegistry,
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

/** Options of {@link TransformersTextEmbedder}. */
export const TransformersTextEmbedderOptionsSchema = z.object({
  /**
   * Model id (resolved in `localModelPath`, the shipped models, `cacheDir`) or a path to a
   * model folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx`).
   * @default 'synapse/glove-wiki-100d-20k' (shipped, 100-d)
   */
  model: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  /**
   * Token vectors → text vector: `mean` (attention-mask aware), `cls` (first token), or `none`
   * for models whose output is already one vector per text. Use what the model was trained with.
   * @default 'mean'
   */
  pooling: z.enum(['mean', 'cls', 'none']).default('mean'),
  /** L2-normalise embeddings (cosine similarity = dot product). @default true */
  normalize: z.boolean().default(true),
  /** Text prepended before embedding (e.g. `"query: "` for E5, BGE's query instruction). @default '' */
  prefix: z.string().default(''),
  /** Text appended before embedding. @default '' */
  suffix: z.string().default(''),
  ...modelOptionFields,
});
export type TransformersTextEmbedderOptions = z.input<typeof TransformersTextEmbedderOptionsSchema>;
type Parsed = z.output<typeof TransformersTextEmbedderOptionsSchema>;

const TEXT_INPUTS = inputSockets({ text: { schema: SocketSchemas.text, description: 'Text to embed.' } });
const TEXT_OUTPUTS = outputSockets({ embedding: { schema: SocketSchemas.embedding, description: 'The text embedding.' } });

/**
 * Embeds one text (typically a query) with a local transformers.js `feature-extraction` model.
 * Default: the shipped GloVe model, offline. Pair it with {@link TransformersDocumentEmbedder}
 * using the same model, pooling and normalisation (and the matching prefix conventions).
 */
export class TransformersTextEmbedder extends BaseComponent<Parsed> {
  readonly type = 'transformers.TransformersTextEmbedder';
  readonly inputSockets = TEXT_INPUTS;
  readonly outputSockets = TEXT_OUTPUTS;

  constructor(options: TransformersTextEmbedderOptions = {}) {
    super(TransformersTextEmbedderOptionsSchema, options, 'TransformersTextEmbedder');
  }

  /** Loads the model (shared with other components using the same model). Idempotent. */
  async warmUp(): Promise<void> {
    await this.load();
  }

  private readonly handle = new ModelHandle(() => loadFeatureExtractor(this.options));

  private load(): Promise<FeatureExtractionPipeline> {
    return this.handle.get();
  }

  async run(inputs: RunInputs<typeof TEXT_INPUTS>, ctx?: RunContext): Promise<Required<RunOutputs<typeof TEXT_OUTPUTS>>> {
    const extractor = await this.load();
    const [embedding] = await embedTexts(extractor, [this.options.prefix + inputs.text + this.options.suffix], {
      pooling: this.options.pooling,
      normalize: this.options.normalize,
      batchSize: 1,
      owner: 'TransformersTextEmbedder',
      signal: ctx?.signal,
    });
    return { embedding: embedding! };
  }
}

defaultRegistry.registerComponent('transformers.TransformersTextEmbedder', (options) => new TransformersTextEmbedder(options));
