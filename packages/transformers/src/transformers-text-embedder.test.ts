import { defaultRegistry, ModelNotFoundError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { SHIPPED_MODELS } from './shipped-models.js';
import { TransformersTextEmbedder } from './transformers-text-embedder.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

describe('TransformersTextEmbedder with the shipped GloVe model', () => {
  const embedder = new TransformersTextEmbedder();

  it('defaults to the shipped model and returns 100-d unit vectors', async () => {
    expect(embedder.options.model).toBe(SHIPPED_MODELS.glove);
    const { embedding } = await embedder.run({ text: 'What is the capital of France?' });
    expect(embedding).toHaveLength(100);
    expect(norm(embedding)).toBeCloseTo(1, 5);
    expect(embedding.every(Number.isFinite)).toBe(true);
  });

  it('is deterministic', async () => {
    const a = await embedder.run({ text: 'The quick brown fox jumps over the lazy dog.' });
    const b = await new TransformersTextEmbedder().run({ text: 'The quick brown fox jumps over the lazy dog.' });
    expect(b.embedding).toEqual(a.embedding);
  });

  it('ranks a relevant sentence above unrelated ones (real text)', async () => {
    const embed = async (text: string) => (await embedder.run({ text })).embedding;
    const query = await embed('What is the capital of France?');
    const sentences = [
      'Paris is the capital and largest city of France.',
      'Photosynthesis converts light energy into chemical energy in green plants.',
      'The football match ended in a draw after extra time.',
      'The stock market fell sharply as investors worried about inflation.',
    ];
    const scores = await Promise.all(sentences.map(async (s) => dot(query, await embed(s))));
    expect(scores[0]).toBeGreaterThan(0.5);
    for (const other of scores.slice(1)) expect(scores[0]! - other).toBeGreaterThan(0.3);
  });

  it('relates words it never saw together (semantic, not lexical)', async () => {
    const embed = async (text: string) => (await embedder.run({ text })).embedding;
    const doctor = await embed('physician');
    expect(dot(doctor, await embed('doctor'))).toBeGreaterThan(dot(doctor, await embed('guitar')) + 0.3);
  });

  it('gives a zero vector (not NaN) for text without tokens and a defined vector for unknown words', async () => {
    const empty = (await embedder.run({ text: '' })).embedding;
    expect(empty).toHaveLength(100);
    expect(empty.every((v) => v === 0)).toBe(true);
    const unknown = (await embedder.run({ text: 'zzqxv qqqqj' })).embedding;
    expect(norm(unknown)).toBeCloseTo(1, 5);
  });

  it('normalizes case, curly apostrophes and "n\'t" contractions like the GloVe corpus', async () => {
    const a = (await embedder.run({ text: 'It Isn\u2019t raining in PARIS' })).embedding;
    const b = (await embedder.run({ text: 'it is not raining in paris' })).embedding;
    expect(a).toEqual(b);
  });

  it('applies prefix and suffix', async () => {
    const plain = (await embedder.run({ text: 'rain' })).embedding;
    const withAffixes = await new TransformersTextEmbedder({ prefix: 'heavy ', suffix: ' storm' }).run({ text: 'rain' });
    const direct = (await embedder.run({ text: 'heavy rain storm' })).embedding;
    expect(withAffixes.embedding).toEqual(direct);
    expect(withAffixes.embedding).not.toEqual(plain);
  });

  it('can skip normalization', async () => {
    const raw = (await new TransformersTextEmbedder({ normalize: false }).run({ text: 'capital city' })).embedding;
    const unit = (await embedder.run({ text: 'capital city' })).embedding;
    expect(Math.abs(norm(raw) - 1)).toBeGreaterThan(1e-3);
    for (const [i, v] of raw.entries()) expect(v / norm(raw)).toBeCloseTo(unit[i]!, 6);
  });

  it('round-trips through toJSON and the registry', async () => {
    const e = new TransformersTextEmbedder({ pooling: 'mean', prefix: 'query: ', localModelPath: '/srv/models' });
    const json = e.toJSON();
    expect(json.type).toBe('transformers.TransformersTextEmbedder');
    const copy = defaultRegistry.createComponent(json);
    expect(copy).toBeInstanceOf(TransformersTextEmbedder);
    expect(copy.toJSON()).toEqual(json);
  });

  it('fails with ModelNotFoundError (not a TypeError) when the model is missing', async () => {
    const missing = new TransformersTextEmbedder({
      model: 'sentence-transformers/all-MiniLM-L6-v2',
      localModelPath: '/nonexistent/models',
    });
    await expect(missing.warmUp()).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(missing.run({ text: 'x' })).rejects.toThrow(
      /\/nonexistent\/models\/sentence-transformers\/all-MiniLM-L6-v2 \(missing: \(folder does not exist\)\).*huggingface-cli download sentence-transformers\/all-MiniLM-L6-v2/,
    );
  });

  it('rejects invalid options', () => {
    expect(() => new TransformersTextEmbedder({ pooling: 'max' as 'mean' })).toThrow(
      /Invalid options for TransformersTextEmbedder/,
    );
  });
});
