import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { InvalidOptionsError, PipelineAbortedError } from '@synapse-rag/core';

/** How token vectors become one text vector. */
export type Pooling = 'mean' | 'cls' | 'none';

/** Scales a vector to unit length in place; a zero vector stays zero (no 0/0 NaNs). */
export function normalizeInPlace(vector: number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}

/**
 * Embeds `texts` in batches of `batchSize` with a transformers.js feature-extraction pipeline.
 * Pooling runs in transformers.js (`mean` uses the attention mask, so padding never counts);
 * normalisation runs here so that a text without tokens gets a zero vector instead of NaNs.
 * `pooling: 'none'` is for models whose ONNX output already is one vector per text.
 */
export async function embedTexts(
  extractor: FeatureExtractionPipeline,
  texts: readonly string[],
  options: {
    pooling: Pooling;
    normalize: boolean;
    batchSize: number;
    owner: string;
    signal?: AbortSignal | undefined;
    onBatch?: ((done: number, total: number) => void) | undefined;
  },
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < texts.length; start += options.batchSize) {
    if (options.signal?.aborted) throw new PipelineAbortedError(options.signal.reason);
    const batch = texts.slice(start, start + options.batchSize);
    const tensor = await extractor(batch as string[], { pooling: options.pooling, normalize: false });
    if (tensor.dims.length !== 2) {
      throw new InvalidOptionsError(
        options.owner,
        `pooling "${options.pooling}" gave an output of shape [${tensor.dims.join(', ')}], expected [batch, dimension]. ` +
          `Use pooling "mean" or "cls" for models that output one vector per token.`,
      );
    }
    const rows = tensor.tolist() as number[][];
    tensor.dispose();
    for (const row of rows) {
      // Mean pooling over zero tokens (empty text) is 0/0: report it as a zero vector.
      const vector = row.map((v) => (Number.isFinite(v) ? v : 0));
      out.push(options.normalize ? normalizeInPlace(vector) : vector);
    }
    options.onBatch?.(Math.min(start + batch.length, texts.length), texts.length);
  }
  return out;
}
