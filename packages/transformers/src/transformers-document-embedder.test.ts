import { createDocument, type Document, defaultRegistry } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { loadedModelCount, releaseModels } from './model-cache.js';
import { SHIPPED_MODELS } from './shipped-models.js';
import { TransformersDocumentEmbedder } from './transformers-document-embedder.js';
import { TransformersTextEmbedder } from './transformers-text-embedder.js';

const tiny = SHIPPED_MODELS.tinyEmbedder;
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

describe('TransformersDocumentEmbedder', () => {
  const docs: Document[] = [
    createDocument({ content: 'a', meta: { title: 'Letters' } }),
    createDocument({
      content: 'a much longer sentence about the history of the city and its many old buildings',
      meta: { title: 'City' },
    }),
    createDocument({ content: 'short one', meta: {} }),
  ];

  it('returns copies with 32-d unit embeddings, in order, without mutating the input', async () => {
    const embedder = new TransformersDocumentEmbedder({ model: tiny });
    const { documents } = await embedder.run({ documents: docs });
    expect(documents.map((d) => d.id)).toEqual(docs.map((d) => d.id));
    for (const d of documents) {
      expect(d.embedding).toHaveLength(32);
      expect(Math.hypot(...d.embedding!)).toBeCloseTo(1, 5);
    }
    expect(docs.every((d) => d.embedding === undefined)).toBe(true);
  });

  it('padded batches give the same vectors as single inputs (attention mask honored)', async () => {
    const batched = (await new TransformersDocumentEmbedder({ model: tiny, batchSize: 8 }).run({ documents: docs })).documents;
    const single = (await new TransformersDocumentEmbedder({ model: tiny, batchSize: 1 }).run({ documents: docs })).documents;
    for (let i = 0; i < docs.length; i++) expect(maxDiff(batched[i]!.embedding!, single[i]!.embedding!)).toBeLessThan(1e-5);
    // Same with the GloVe model (its output is multiplied by the mask).
    const gb = (await new TransformersDocumentEmbedder({ batchSize: 8 }).run({ documents: docs })).documents;
    const gs = (await new TransformersDocumentEmbedder({ batchSize: 1 }).run({ documents: docs })).documents;
    for (let i = 0; i < docs.length; i++) expect(maxDiff(gb[i]!.embedding!, gs[i]!.embedding!)).toBeLessThan(1e-5);
  });

  it('the tiny fixture is sensitive to its input (different texts, different vectors)', async () => {
    const { documents } = await new TransformersDocumentEmbedder({ model: tiny }).run({ documents: docs });
    expect(maxDiff(documents[0]!.embedding!, documents[2]!.embedding!)).toBeGreaterThan(0.05);
  });

  it('embeds meta fields, separator, prefix and suffix exactly like the text embedder would', async () => {
    const embedder = new TransformersDocumentEmbedder({
      metaFieldsToEmbed: ['title', 'missing'],
      embeddingSeparator: ' | ',
      prefix: 'passage: ',
      suffix: ' end',
    });
    const { documents } = await embedder.run({ documents: docs });
    const text = new TransformersTextEmbedder();
    const expected = (
      await text.run({
        text: 'passage: City | a much longer sentence about the history of the city and its many old buildings end',
      })
    ).embedding;
    expect(maxDiff(documents[1]!.embedding!, expected)).toBeLessThan(1e-6);
    const noMeta = (await text.run({ text: 'passage: short one end' })).embedding;
    expect(maxDiff(documents[2]!.embedding!, noMeta)).toBeLessThan(1e-6);
  });

  it('reports progress per batch and handles an empty list', async () => {
    const calls: [number, number][] = [];
    const embedder = new TransformersDocumentEmbedder({
      model: tiny,
      batchSize: 2,
      progress: (done, total) => calls.push([done, total]),
    });
    await embedder.run({ documents: docs });
    expect(calls).toEqual([
      [2, 3],
      [3, 3],
    ]);
    expect((await embedder.run({ documents: [] })).documents).toEqual([]);
  });

  it('shares one loaded model between components with the same model and options', async () => {
    const a = new TransformersDocumentEmbedder({ model: tiny, batchSize: 4 });
    await a.warmUp();
    const before = loadedModelCount();
    const b = new TransformersDocumentEmbedder({ model: tiny, batchSize: 16, metaFieldsToEmbed: ['title'] });
    await b.warmUp();
    expect(loadedModelCount()).toBe(before);
  });

  it('keeps working after releaseModels() (reloads on next use)', async () => {
    const embedder = new TransformersDocumentEmbedder({ model: tiny });
    const before = (await embedder.run({ documents: docs })).documents;
    await releaseModels();
    expect(loadedModelCount()).toBe(0);
    const after = (await embedder.run({ documents: docs })).documents;
    expect(after.map((d) => d.embedding)).toEqual(before.map((d) => d.embedding));
    expect(loadedModelCount()).toBe(1);
  });

  it('honors an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const embedder = new TransformersDocumentEmbedder({ model: tiny });
    await expect(
      embedder.run({ documents: docs }, { signal: controller.signal, tracer: { onEvent() {} }, componentName: 'e' }),
    ).rejects.toMatchObject({ code: 'PIPELINE_ABORTED' });
  });

  it('GloVe retrieval: each of 10 questions finds its passage first among 10 (real text, no shared answer words needed)', async () => {
    const passages = [
      'Paris is the capital and largest city of France.',
      'Photosynthesis converts light energy into chemical energy in plants.',
      'The football match ended in a draw after extra time.',
      'The stock market fell sharply on Monday as investors worried about inflation.',
      'Mount Everest is the highest mountain on Earth.',
      'The heart pumps blood through the body.',
      'Python is a popular programming language for data science.',
      'The Amazon rainforest is home to millions of species.',
      'Berlin is the capital of Germany and its largest city.',
      'Vaccines train the immune system to fight viruses.',
    ];
    const questions = [
      'What is the capital of France?',
      'How do plants make energy from sunlight?',
      'Who won the soccer game?',
      'Why did shares drop?',
      'What is the tallest peak in the world?',
      'How does blood circulate?',
      'Which language is used for machine learning?',
      'Where do many animal species live in South America?',
      'Which city is the German capital?',
      'How do vaccines protect against disease?',
    ];
    const { documents } = await new TransformersDocumentEmbedder().run({
      documents: passages.map((content) => createDocument({ content })),
    });
    const text = new TransformersTextEmbedder();
    for (const [i, question] of questions.entries()) {
      const q = (await text.run({ text: question })).embedding;
      const scores = documents.map((d) => d.embedding!.reduce((s, x, k) => s + x * q[k]!, 0));
      const best = scores.indexOf(Math.max(...scores));
      expect(passages[best], question).toBe(passages[i]);
    }
  });

  it('round-trips through toJSON (progress callback is not serialized)', () => {
    const e = new TransformersDocumentEmbedder({ model: tiny, batchSize: 7, metaFieldsToEmbed: ['title'], progress: () => {} });
    const json = e.toJSON();
    expect(json).toEqual({
      type: 'transformers.TransformersDocumentEmbedder',
      options: expect.objectContaining({ model: tiny, batchSize: 7, metaFieldsToEmbed: ['title'], allowRemoteModels: false }),
    });
    expect(JSON.stringify(json)).not.toContain('progress');
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
