import { env, type FeatureExtractionPipeline, pipeline } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODELS, shippedModelsDir } from './shipped-models.js';
import { TransformersTextEmbedder } from './transformers-text-embedder.js';

const saved = { localModelPath: env.localModelPath, allowRemoteModels: env.allowRemoteModels };
afterAll(() => Object.assign(env, saved));

describe('shipped models with plain transformers.js (no Synapse code in the loading path)', () => {
  it('the GloVe model loads with env.localModelPath + allowRemoteModels=false and matches the component', async () => {
    env.localModelPath = shippedModelsDir();
    env.allowRemoteModels = false;
    const extractor = (await pipeline('feature-extraction', SHIPPED_MODELS.glove)) as FeatureExtractionPipeline;
    const texts = ['What is the capital of France?', 'Paris is the capital and largest city of France.', 'a'];
    const plain = (await extractor(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
    const component = new TransformersTextEmbedder();
    for (const [i, text] of texts.entries()) {
      const ours = (await component.run({ text })).embedding;
      expect(ours).toHaveLength(plain[i]!.length);
      for (const [k, v] of ours.entries()) expect(v).toBeCloseTo(plain[i]![k]!, 5);
    }
    const dot = plain[0]!.reduce((s, x, k) => s + x * plain[1]![k]!, 0);
    expect(dot).toBeGreaterThan(0.6);
  });
});
