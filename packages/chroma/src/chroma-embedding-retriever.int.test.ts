import { type Document, defaultRegistry, type Filter, FilterError, standaloneContext } from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';
import { ChromaEmbeddingRetriever } from './chroma-embedding-retriever.js';

const VECTORS: Record<string, number[]> = {
  a: [1, 0, 0],
  b: [0.6, 0.8, 0],
  c: [0, 1, 0],
  d: [-1, 0.5, 0.25],
  e: [2, 2, 1],
};
const docs = (): Document[] =>
  Object.entries(VECTORS).map(([id, embedding], i) => ({
    id,
    content: `doc ${id}`,
    meta: { i, group: i % 2 === 0 ? 'even' : 'odd' },
    embedding,
  }));
const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
const norm = (x: number[]) => Math.sqrt(dot(x, x));
const cosine = (x: number[], y: number[]) => dot(x, y) / (norm(x) * norm(y));
const euclid = (x: number[], y: number[]) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0));

describe('ChromaEmbeddingRetriever (real server)', () => {
  const stores: Record<'cosine' | 'ip' | 'l2', ChromaDocumentStore> = {} as never;
  beforeAll(async () => {
    for (const space of ['cosine', 'ip', 'l2'] as const) {
      stores[space] = newStore({ distanceFunction: space });
      await stores[space].writeDocuments(docs());
    }
  });
  afterAll(async () => {
    for (const store of Object.values(stores)) await dropStore(store);
  });

  const query = [0.8, 0.6, 0.1];

  it('cosine: score = cosine similarity (1 − distance), best first', async () => {
    const retriever = new ChromaEmbeddingRetriever({ store: stores.cosine, topK: 5 });
    const { documents } = await retriever.run({ queryEmbedding: query });
    const expected = Object.entries(VECTORS)
      .map(([id, v]) => ({ id, score: cosine(query, v) }))
      .sort((x, y) => y.score - x.score);
    expect(documents.map((d) => d.id)).toEqual(expected.map((e) => e.id));
    documents.forEach((d, i) => {
      expect(d.score).toBeCloseTo(expected[i]!.score, 5);
    });
    expect(documents[0]).toMatchObject({ id: 'e', content: 'doc e', meta: { i: 4, group: 'even' } });
    expect(documents[0]!.embedding).toBeUndefined();
  });

  it('ip: score = dot product; l2: score = Euclidean distance, ascending', async () => {
    const ip = await new ChromaEmbeddingRetriever({ store: stores.ip, topK: 5 }).run({ queryEmbedding: query });
    const byDot = Object.entries(VECTORS)
      .map(([id, v]) => ({ id, score: dot(query, v) }))
      .sort((x, y) => y.score - x.score);
    expect(ip.documents.map((d) => d.id)).toEqual(byDot.map((e) => e.id));
    ip.documents.forEach((d, i) => {
      expect(d.score).toBeCloseTo(byDot[i]!.score, 5);
    });

    const l2 = await new ChromaEmbeddingRetriever({ store: stores.l2, topK: 5 }).run({ queryEmbedding: query });
    const byDistance = Object.entries(VECTORS)
      .map(([id, v]) => ({ id, score: euclid(query, v) }))
      .sort((x, y) => x.score - y.score);
    expect(l2.documents.map((d) => d.id)).toEqual(byDistance.map((e) => e.id));
    l2.documents.forEach((d, i) => {
      expect(d.score).toBeCloseTo(byDistance[i]!.score, 5);
    });
  });

  it('applies topK and filters; run inputs override (replace) or combine (merge)', async () => {
    const even = { field: 'meta.group', operator: '==', value: 'even' } as const;
    const replace = new ChromaEmbeddingRetriever({ store: stores.cosine, topK: 2, filters: even });
    expect((await replace.run({ queryEmbedding: query })).documents.map((d) => d.id)).toEqual(['e', 'a']);
    const notA = { field: 'id', operator: '!=', value: 'a' } as const;
    expect((await replace.run({ queryEmbedding: query, filters: notA, topK: 1 })).documents.map((d) => d.id)).toEqual(['e']);
    const merge = new ChromaEmbeddingRetriever({ store: stores.cosine, topK: 5, filters: even, filterPolicy: 'merge' });
    expect((await merge.run({ queryEmbedding: query, filters: notA })).documents.map((d) => d.id)).toEqual(['e', 'c']);
    const none: Filter = { field: 'meta.group', operator: 'in', value: [] };
    expect((await merge.run({ queryEmbedding: query, filters: none })).documents).toEqual([]);
  });

  it('returns embeddings on request and honors an aborted signal', async () => {
    const retriever = new ChromaEmbeddingRetriever({ store: stores.cosine, topK: 1, returnEmbedding: true });
    const { documents } = await retriever.run({ queryEmbedding: query });
    expect(documents[0]!.embedding).toEqual(VECTORS.e);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(retriever.run({ queryEmbedding: query }, standaloneContext('r', controller.signal))).rejects.toThrow(
      'cancelled',
    );
  });

  it('round-trips through toJSON and the registry', async () => {
    const retriever = new ChromaEmbeddingRetriever({
      store: stores.cosine,
      topK: 3,
      filters: { field: 'meta.i', operator: '>', value: 0 },
    });
    const json = retriever.toJSON();
    expect(json.type).toBe('chroma.ChromaEmbeddingRetriever');
    expect(json.options.store).toEqual(stores.cosine.toJSON());
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy.toJSON()).toEqual(json);
    const a = await retriever.run({ queryEmbedding: query });
    const b = await (copy as ChromaEmbeddingRetriever).run({ queryEmbedding: query });
    expect(b.documents.map((d) => d.id)).toEqual(a.documents.map((d) => d.id));
  });

  it('rejects invalid filters at construction and bad query embeddings', async () => {
    expect(
      () => new ChromaEmbeddingRetriever({ store: stores.cosine, filters: { field: 'year', operator: '==', value: 1 } }),
    ).toThrow(FilterError);
    const retriever = new ChromaEmbeddingRetriever({ store: stores.cosine });
    await expect(retriever.run({ queryEmbedding: [1, Number.NaN, 0] })).rejects.toThrow(/finite/);
  });
});
