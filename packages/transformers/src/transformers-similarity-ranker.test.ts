import { createDocument, type Document, defaultRegistry, ModelNotFoundError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { SHIPPED_MODELS } from './shipped-models.js';
import { DEFAULT_RERANKER_MODEL, TransformersSimilarityRanker } from './transformers-similarity-ranker.js';

const model = SHIPPED_MODELS.tinyCrossEncoder;
const doc = (content: string, meta: Document['meta'] = {}) => createDocument({ content, meta });

const docs = [
  doc('Photosynthesis converts light energy into chemical energy in green plants.'),
  doc('The football match ended in a draw after extra time.'),
  doc('Paris is the capital and largest city of France.'),
  doc('Berlin is the capital of Germany.'),
];
const query = 'What is the capital of France?';

describe('TransformersSimilarityRanker with the lexical cross-encoder fixture', () => {
  const ranker = new TransformersSimilarityRanker({ model });

  it('ranks the passage sharing the query words first and returns scored copies', async () => {
    const { documents } = await ranker.run({ query, documents: docs });
    expect(documents.map((d) => d.content)).toEqual([docs[2]!.content, docs[3]!.content, docs[1]!.content, docs[0]!.content]);
    for (const d of documents) expect(d.score).toBeGreaterThan(0);
    for (const d of documents) expect(d.score).toBeLessThan(1);
    const scores = documents.map((d) => d.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(docs.every((d) => d.score === undefined)).toBe(true);
  });

  it('scores pairs, not texts: raw logits follow the fixture formula exactly', async () => {
    const raw = new TransformersSimilarityRanker({ model, scaleScore: false });
    // Full coverage of the query words, 2 passage words: 10·1 − 5 − 0.02·2.
    const full = await raw.score('capital france', [doc('france capital')]);
    expect(full[0]).toBeCloseTo(4.96, 4);
    // No query word in the passage ("photosynthesis" is not in the fixture vocabulary → [UNK]).
    const none = await raw.score('capital france', [doc('photosynthesis plants')]);
    expect(none[0]).toBeCloseTo(-5.02, 4);
    // Query words only in the query segment do not count as overlap with themselves.
    const swapped = await raw.score('france capital france', [doc('football')]);
    expect(swapped[0]).toBeCloseTo(-5.02, 4);
  });

  it('gives the same scores whatever the batch size (padding is masked)', async () => {
    const one = await new TransformersSimilarityRanker({ model, batchSize: 1, scaleScore: false }).score(query, docs);
    const all = await new TransformersSimilarityRanker({ model, batchSize: 16, scaleScore: false }).score(query, docs);
    for (const [i, s] of one.entries()) expect(all[i]).toBeCloseTo(s, 5);
  });

  it('applies topK and scoreThreshold from options and run inputs', async () => {
    const limited = new TransformersSimilarityRanker({ model, topK: 2 });
    expect((await limited.run({ query, documents: docs })).documents).toHaveLength(2);
    expect((await limited.run({ query, documents: docs, topK: 1 })).documents.map((d) => d.content)).toEqual([docs[2]!.content]);
    const all = (await ranker.run({ query, documents: docs })).documents;
    const threshold = (all[1]!.score! + all[2]!.score!) / 2;
    const kept = await new TransformersSimilarityRanker({ model, scoreThreshold: threshold }).run({ query, documents: docs });
    expect(kept.documents).toHaveLength(2);
    expect((await ranker.run({ query, documents: docs, scoreThreshold: 0.999999 })).documents).toEqual([]);
  });

  it('sigmoid scaling with calibrationFactor', async () => {
    const raw = await new TransformersSimilarityRanker({ model, scaleScore: false }).score(query, docs);
    const scaled = await new TransformersSimilarityRanker({ model, calibrationFactor: 0.5 }).score(query, docs);
    for (const [i, r] of raw.entries()) expect(scaled[i]).toBeCloseTo(1 / (1 + Math.exp(-0.5 * r)), 6);
  });

  it('uses meta fields and prefixes in the scored text', async () => {
    const withMeta = [doc('It is a lovely place.', { city: 'Paris capital of France' }), doc('Capital of France: Paris.')];
    const plain = await new TransformersSimilarityRanker({ model, scaleScore: false }).score(query, withMeta);
    const meta = await new TransformersSimilarityRanker({ model, scaleScore: false, metaFieldsToEmbed: ['city'] }).score(
      query,
      withMeta,
    );
    expect(meta[0]).toBeGreaterThan(plain[0]! + 3);
    expect(meta[1]).toBeCloseTo(plain[1]!, 6);
    const prefixed = await new TransformersSimilarityRanker({
      model,
      scaleScore: false,
      documentPrefix: 'capital france ',
    }).score(query, [doc('football')]);
    expect(prefixed[0]).toBeGreaterThan(0);
  });

  it('returns an empty list for no documents without loading a model', async () => {
    const missing = new TransformersSimilarityRanker({ model: 'nobody/nothing' });
    expect((await missing.run({ query, documents: [] })).documents).toEqual([]);
  });

  it('defaults to BAAI/bge-reranker-base and explains how to get it when missing', async () => {
    const r = new TransformersSimilarityRanker({ localModelPath: '/nonexistent' });
    expect(r.options.model).toBe(DEFAULT_RERANKER_MODEL);
    await expect(r.warmUp()).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(r.run({ query, documents: docs })).rejects.toThrow(/huggingface-cli download BAAI\/bge-reranker-base/);
  });

  it('refuses models that are not cross-encoders', async () => {
    // The tiny embedder is BERT-shaped but outputs last_hidden_state, not [batch, 1] logits.
    const wrong = new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyEmbedder });
    await expect(wrong.run({ query, documents: docs })).rejects.toThrow(/no "logits" output/);
  });

  it('round-trips through toJSON and the registry', () => {
    const r = new TransformersSimilarityRanker({
      model,
      topK: 3,
      scoreThreshold: 0.2,
      queryPrefix: 'q: ',
      metaFieldsToEmbed: ['title'],
    });
    const json = r.toJSON();
    expect(json.type).toBe('transformers.TransformersSimilarityRanker');
    expect(json.options).toMatchObject({ model, topK: 3, scoreThreshold: 0.2, scaleScore: true, calibrationFactor: 1 });
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
