import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { BaseComponent, type InputSockets, type OutputSockets } from '@synapse-rag/core';
import { z } from 'zod';
import { embedTexts, type Pooling } from './embed-texts.js';
import { loadFeatureExtractor, ModelHandle } from './model-cache.js';
import { type ModelOptions, modelOptionFields } from './model-options.js';
import { DEFAULT_EMBEDDING_MODEL } from './shipped-models.js';

/** Options the text and document embedders share (spread into both schemas). */
export const embedderOptionFields = {
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
  /** L2-normalize embeddings (cosine similarity = dot product). @default true */
  normalize: z.boolean().default(true),
  /** Text prepended before embedding (e.g. `"query: "` / `"passage: "` for E5). @default '' */
  prefix: z.string().default(''),
  /** Text appended before embedding. @default '' */
  suffix: z.string().default(''),
  ...modelOptionFields,
};

/** The parsed options {@link TransformersEmbedder} reads. */
export interface EmbedderOptions extends ModelOptions {
  pooling: Pooling;
  normalize: boolean;
}

/**
 * What the transformers.js text and document embedders share: the model (loaded once, shared
 * with other components using the same model), `warmUp()`, and batched embedding.
 */
export abstract class TransformersEmbedder<
  Opts extends EmbedderOptions,
  I extends InputSockets,
  O extends OutputSockets,
> extends BaseComponent<Opts, I, O> {
  private readonly handle = new ModelHandle(() => loadFeatureExtractor(this.options));

  /** Loads the model (shared with other components using the same model). Idempotent. */
  async warmUp(): Promise<void> {
    await this.handle.get();
  }

  /** Embeds `texts` in batches, in order (aborts between batches). */
  protected async embed(
    texts: readonly string[],
    batchSize: number,
    signal?: AbortSignal,
    onBatch?: (done: number, total: number) => void,
  ): Promise<number[][]> {
    const extractor: FeatureExtractionPipeline = await this.handle.get();
    const { pooling, normalize } = this.options;
    return embedTexts(extractor, texts, { pooling, normalize, batchSize, owner: this.constructor.name, signal, onBatch });
  }
}
