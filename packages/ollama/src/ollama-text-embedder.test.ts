import { InvalidOptionsError, standaloneContext } from '@synapse-rag/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OllamaTextEmbedder } from './ollama-text-embedder.js';
import { FakeOllamaServer, fakeEmbedding } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('OllamaTextEmbedder (through @langchain/ollama against the fake server)', () => {
  it('embeds one text with /api/embed and reports the model and dimension', async () => {
    const embedder = new OllamaTextEmbedder({ url: server.url });
    const { embedding, meta } = await embedder.run({ text: 'What is pgvector?' }, standaloneContext('q'));
    expect(embedding).toHaveLength(1024);
    expect(embedding).toEqual(fakeEmbedding('What is pgvector?', 1024));
    expect(meta).toEqual({ model: 'mxbai-embed-large', dimension: 1024 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/embed',
      body: { model: 'mxbai-embed-large', input: ['What is pgvector?'], truncate: true },
    });
  });

  it('sends prefix/suffix, keep-alive, dimensions and model options as Ollama expects them', async () => {
    const embedder = new OllamaTextEmbedder({
      url: server.url,
      model: 'nomic-embed-text',
      prefix: 'search_query: ',
      suffix: ' ?',
      keepAlive: '10m',
      truncate: false,
      dimensions: 256,
      modelOptions: { numCtx: 8192 },
    });
    const { embedding } = await embedder.run({ text: 'vectors' });
    expect(embedding).toHaveLength(256);
    expect(server.requests[0]?.body).toEqual({
      model: 'nomic-embed-text',
      input: ['search_query: vectors ?'],
      truncate: false,
      keep_alive: '10m',
      dimensions: 256,
      options: { num_ctx: 8192 },
    });
  });

  it('takes the server from OLLAMA_HOST when no url is given, and does not serialize it', async () => {
    vi.stubEnv('OLLAMA_HOST', server.url.replace('http://', ''));
    try {
      const embedder = new OllamaTextEmbedder();
      expect(embedder.url).toBe(server.url);
      await embedder.run({ text: 'hi' });
      expect(server.requests).toHaveLength(1);
      expect(embedder.toJSON().options).not.toHaveProperty('url');
      vi.stubEnv('OLLAMA_HOST', '');
      expect(new OllamaTextEmbedder().url).toBe('http://127.0.0.1:11434');
      expect(new OllamaTextEmbedder({ url: 'http://other:1/' }).url).toBe('http://other:1');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('validates options with InvalidOptionsError', () => {
    expect(() => new OllamaTextEmbedder({ url: 'ftp://x' })).toThrow(InvalidOptionsError);
    expect(() => new OllamaTextEmbedder({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    // @ts-expect-error unknown option
    expect(() => new OllamaTextEmbedder({ modle: 'x' })).toThrow(InvalidOptionsError);
    // @ts-expect-error unknown model option
    expect(() => new OllamaTextEmbedder({ modelOptions: { numctx: 1 } })).toThrow(/numctx/);
  });

  it('similar texts get closer vectors than unrelated ones (the fake server is meaningful enough for retrieval tests)', async () => {
    const embedder = new OllamaTextEmbedder({ url: server.url, model: 'all-minilm' });
    const q = (await embedder.run({ text: 'migrate chroma to postgres' })).embedding;
    const near = (await embedder.run({ text: 'how to migrate from chroma to postgres with pgvector' })).embedding;
    const far = (await embedder.run({ text: 'banana bread recipe' })).embedding;
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
    expect(dot(q, near)).toBeGreaterThan(dot(q, far) + 0.3);
  });
});
