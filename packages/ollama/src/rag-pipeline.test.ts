import {
  ComponentError,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  ModelNotFoundError,
  Pipeline,
  PromptBuilder,
} from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder } from './index.js';
import { FakeOllamaServer } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());

const corpus = [
  { id: 'pg', content: 'pgvector adds vector similarity search to PostgreSQL', meta: {} },
  { id: 'chroma', content: 'Chroma keeps embeddings in a local collection', meta: {} },
  { id: 'bread', content: 'Bake sourdough bread for forty minutes', meta: {} },
];

describe('an offline RAG pipeline on the Ollama components (core Pipeline + fake server)', () => {
  it('indexes, retrieves the relevant document and generates from it', async () => {
    const store = new InMemoryDocumentStore();
    const { documents } = await new OllamaDocumentEmbedder({ url: server.url, model: 'all-minilm' }).run({ documents: corpus });
    await store.writeDocuments(documents);

    const pipeline = new Pipeline()
      .addComponent('embedder', new OllamaTextEmbedder({ url: server.url, model: 'all-minilm' }))
      .addComponent('retriever', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 1 }))
      .addComponent(
        'prompt',
        new PromptBuilder({ template: '{% for d in documents %}{{ d.content }} {% endfor %}Question: {{ query }}' }),
      )
      .addComponent('llm', new OllamaGenerator({ url: server.url }))
      .connect('embedder.embedding', 'retriever.queryEmbedding')
      .connect('retriever.documents', 'prompt.documents')
      .connect('prompt.prompt', 'llm.prompt');

    const query = 'vector similarity search in PostgreSQL';
    const result = await pipeline.run({ embedder: { text: query }, prompt: { query } });
    // The fake LLM echoes its prompt, so the reply shows which document was retrieved.
    expect(result['llm']?.['replies']).toEqual([`echo: ${corpus[0]?.content} Question: ${query}`]);
    expect(result['llm']?.['meta']).toMatchObject([{ model: 'llama3.2', attempts: 1 }]);
  });

  it('a missing model surfaces as ComponentError naming the component, with ModelNotFoundError as cause', async () => {
    const pipeline = new Pipeline().addComponent('embedder', new OllamaTextEmbedder({ url: server.url, model: 'not-pulled' }));
    const error = await pipeline.run({ embedder: { text: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as ComponentError).component).toBe('embedder');
    expect((error as ComponentError).cause).toBeInstanceOf(ModelNotFoundError);
  });
});
