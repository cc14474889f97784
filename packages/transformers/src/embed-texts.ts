import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { InvalidOptionsError, PipelineAbortedError } from '@synapse-rag/core';
import { fitText, singleSpecialTokens } from './fit-to-model.js';

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

type TensorLike = { dims: number[]; data: ArrayLike<number | bigint>; dispose?(): void };

/**
 * Pools a `[batch, seq, dim]` output into `[batch][dim]` vectors: `mean` averages the tokens
 * whose attention mask is set (padding never counts; a row without tokens gives zeros), `cls`
 * takes the first token. Plain loops over the typed arrays (transformers.js's own
 * `mean_pooling` is several times slower on CPU).
 */
export function poolTokens(hidden: TensorLike, mask: TensorLike, pooling: 'mean' | 'cls'): number[][] {
  const [batch, seq, dim] = hidden.dims as [number, number, number];
  const data = hidden.data as Float32Array;
  const m = mask.data;
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const acc = new Float64Array(dim);
    if (pooling === 'cls') {
      for (let d = 0; d < dim; d++) acc[d] = data[b * seq * dim + d]!;
    } else {
      let count = 0;
      for (let s = 0; s < seq; s++) {
        const w = Number(m[b * seq + s]);
        if (w === 0) continue;
        count += w;
        const base = (b * seq + s) * dim;
        for (let d = 0; d < dim; d++) acc[d] = acc[d]! + w * data[base + d]!;
      }
      if (count > 0) for (let d = 0; d < dim; d++) acc[d] = acc[d]! / count;
    }
    out.push(Array.from(acc));
  }
  return out;
}

/**
 * Embeds `texts` in batches of `batchSize` with a transformers.js feature-extraction pipeline's
 * tokenizer and model (padding + truncation like the pipeline itself; over-long texts are cut
 * before tokenizing so the closing special token survives, see {@link fitText}), then pools and, when
 * asked, L2-normalizes. `pooling: 'none'` is for models whose ONNX output already is one vector
 * per text (`sentence_embedding` or a 2-D `last_hidden_state`).
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
  const specials = singleSpecialTokens(extractor.tokenizer);
  for (let start = 0; start < texts.length; start += options.batchSize) {
    if (options.signal?.aborted) throw new PipelineAbortedError(options.signal.reason);
    const batch = texts.slice(start, start + options.batchSize).map((t) => fitText(extractor.tokenizer, t, specials));
    const inputs = extractor.tokenizer(batch, { padding: true, truncation: true }) as Record<string, TensorLike>;
    const outputs = (await extractor.model(inputs)) as Record<string, TensorLike | undefined>;
    const hidden =
      options.pooling === 'none'
        ? (outputs['sentence_embedding'] ?? outputs['last_hidden_state'] ?? outputs['token_embeddings'])
        : (outputs['last_hidden_state'] ?? outputs['token_embeddings'] ?? outputs['logits']);
    if (!hidden) {
      throw new InvalidOptionsError(
        options.owner,
        `the model has none of the outputs last_hidden_state, token_embeddings, sentence_embedding.`,
      );
    }
    let rows: number[][];
    if (options.pooling === 'none') {
      if (hidden.dims.length !== 2) {
        throw new InvalidOptionsError(
          options.owner,
          `pooling "none" needs a model output of shape [batch, dimension], got [${hidden.dims.join(', ')}]. ` +
            `Use pooling "mean" or "cls" for models that output one vector per token.`,
        );
      }
      const [n, dim] = hidden.dims as [number, number];
      const data = hidden.data as Float32Array;
      rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
    } else {
      if (hidden.dims.length !== 3) {
        throw new InvalidOptionsError(
          options.owner,
          `pooling "${options.pooling}" needs a model output of shape [batch, tokens, dimension], got [${hidden.dims.join(', ')}]; use pooling "none".`,
        );
      }
      rows = poolTokens(hidden, inputs['attention_mask']!, options.pooling);
    }
    for (const row of rows) out.push(options.normalize ? normalizeInPlace(row) : row);
    options.onBatch?.(Math.min(start + batch.length, texts.length), texts.length);
  }
  return out;
}
