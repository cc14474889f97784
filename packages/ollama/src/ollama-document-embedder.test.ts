import type { Document } from '@synapse-rag/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddingProgress, OllamaDocumentEmbedder } from './ollama-document-embedder.js';
import { FakeOllamaServer, fakeEmbedding } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const docs = (n: number): Document[] =>
  Array.from({ length: n }, (_, i) => ({ id: `d${i}`, content: `document number ${i}`, meta: { i } }));

describe('OllamaDocumentEmbedder', () => {
  it('embeds in batches of batchSize and returns copies in input order', async () => {
    const input = docs(5);
    const snapshot = structuredClone(input);
    const progress: EmbeddingProgress[] = [];
    const embedder = new OllamaDocumentEmbedder({ url: server.url, batchSize: 2, progress: (p) => progress.push(p) });
    const { documents, meta } = await embedder.run({ documents: input });

    expect(server.requestsTo('/api/embed').map((r) => (r.body as { input: string[] }).input.length)).toEqual([2, 2, 1]);
    expect(documents.map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    for (const d of documents) expect(d.embedding).toEqual(fakeEmbedding(d.content, 1024));
    expect(input).toEqual(snapshot); // inputs untouched
    expect(documents[0]).not.toBe(input[0]);
    expect(meta).toEqual({ model: 'mxbai-embed-large', batches: 3, dimension: 1024 });
    expect(progress).toEqual([
      { done: 2, total: 5, batches: 1 },
      { done: 4, total: 5, batches: 2 },
      { done: 5, total: 5, batches: 3 },
    ]);
  });

  it('embeds meta fields, prefix and suffix with the content, and that text is what the server receives', async () => {
    const embedder = new OllamaDocumentEmbedder({
      url: server.url,
      metaFieldsToEmbed: ['title', 'year', 'missing', 'nothing'],
      embeddingSeparator: ' | ',
      prefix: 'search_document: ',
      suffix: '.',
    });
    const doc: Document = {
      id: 'a',
      content: 'pgvector adds vector search',
      meta: { title: 'Postgres', year: 2024, nothing: null },
    };
    const { documents } = await embedder.run({ documents: [doc] });
    const sent = (server.requests[0]?.body as { input: string[] } | undefined)?.input ?? [];
    expect(sent).toEqual(['search_document: Postgres | 2024 | pgvector adds vector search.']);
    expect(embedder.textToEmbed(doc)).toBe(sent[0]);
    expect(documents[0]?.embedding).toEqual(fakeEmbedding(sent[0] as string, 1024));
    expect(documents[0]?.meta).toEqual(doc.meta);
  });

  it('sends nothing for an empty list', async () => {
    const { documents, meta } = await new OllamaDocumentEmbedder({ url: server.url }).run({ documents: [] });
    expect(documents).toEqual([]);
    expect(meta).toEqual({ model: 'mxbai-embed-large', batches: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('stops between batches when the run is aborted', async () => {
    const controller = new AbortController();
    const embedder = new OllamaDocumentEmbedder({
      url: server.url,
      batchSize: 1,
      progress: ({ done }) => {
        if (done === 2) controller.abort();
      },
    });
    await expect(
      embedder.run({ documents: docs(5) }, { signal: controller.signal, componentName: 'e', tracer: { onEvent() {} } }),
    ).rejects.toMatchObject({ code: 'PIPELINE_ABORTED' });
    expect(server.requests).toHaveLength(2);
  });
});
