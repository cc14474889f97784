/**
 * The pattern to copy into your own tests: build the app's pipeline in a function whose parts
 * can be replaced (real parts as defaults), then test the wiring with fakes for the parts a test
 * does not exercise — an in-process fake component, or the real component against a fake server.
 *
 *   npx vitest run examples/testing-with-fakes.test.ts
 *
 * No model, no Ollama and no database are needed: the embedder and the LLM are replaced, the
 * store is in memory.
 */
import {
  type Component,
  createDocument,
  defineComponent,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  type InputSocketSpec,
  type OutputSocketSpec,
  Pipeline,
  PromptBuilder,
  SocketSchemas,
} from '@synapse-rag/core';
import { OllamaGenerator } from '@synapse-rag/ollama';
import { FakeOllamaServer } from '@synapse-rag/ollama/testing';
import { TransformersTextEmbedder } from '@synapse-rag/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// ---- The app (in your project this lives in src/, not in the test) --------------------------

/** What the app needs from an embedder and a generator: their sockets, nothing else. */
type TextEmbedder = Component<
  { text: InputSocketSpec<typeof SocketSchemas.text> },
  { embedding: OutputSocketSpec<typeof SocketSchemas.embedding> }
>;
type Generator = Component<
  { prompt: InputSocketSpec<typeof SocketSchemas.text> },
  { replies: OutputSocketSpec<typeof SocketSchemas.texts> }
>;

const TEMPLATE =
  'Context:\n{% for d in documents %}[{{ forloop.index }}] {{ d.content }}\n{% endfor %}Question: {{ query }}\nAnswer:';

/** The app's question-answering pipeline; production uses the defaults (GloVe + Ollama). */
function answerPipeline(store: InMemoryDocumentStore, parts: { embedder?: TextEmbedder; generator?: Generator } = {}) {
  const embedder: TextEmbedder = parts.embedder ?? new TransformersTextEmbedder();
  const generator: Generator = parts.generator ?? new OllamaGenerator({ model: 'llama3.2' });
  return new Pipeline({ metadata: { name: 'answer' } })
    .addComponent('embedder', embedder)
    .addComponent('retriever', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 2 }))
    .addComponent('prompt', new PromptBuilder({ template: TEMPLATE }))
    .addComponent('generator', generator)
    .connect('embedder.embedding', 'retriever.queryEmbedding')
    .connect('retriever.documents', 'prompt.documents')
    .connect('prompt.prompt', 'generator.prompt');
}

// ---- The fakes ------------------------------------------------------------------------------

/** A fake embedder: one dimension per topic word, so tests choose exactly what is similar. */
const TOPICS = ['penicillin', 'radium', 'tower'];
const FakeEmbedder = defineComponent({
  type: 'examples.FakeEmbedder',
  inputs: { text: { schema: SocketSchemas.text } },
  outputs: { embedding: { schema: SocketSchemas.embedding } },
  run: ({ text }) => ({ embedding: TOPICS.map((t) => (text.toLowerCase().includes(t) ? 1 : 0.01)) }),
});

/** A fake LLM that records every prompt it gets and answers with a fixed reply. */
const RecordingGenerator = defineComponent({
  type: 'examples.RecordingGenerator',
  inputs: { prompt: { schema: SocketSchemas.text } },
  outputs: { replies: { schema: SocketSchemas.texts } },
  options: z.strictObject({ reply: z.string().default('fake reply') }),
  run: ({ prompt }, { options }) => {
    prompts.push(prompt);
    const replies: string[] = [options.reply];
    return { replies };
  },
});
const prompts: string[] = [];

async function storeWith(...contents: string[]): Promise<InMemoryDocumentStore> {
  const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
  const embedder = new FakeEmbedder();
  const docs = await Promise.all(
    contents.map(async (content) => createDocument({ content, embedding: (await embedder.run({ text: content })).embedding })),
  );
  await store.writeDocuments(docs);
  return store;
}

// ---- The tests ------------------------------------------------------------------------------

describe('answerPipeline with in-process fakes', () => {
  it('puts the retrieved documents into the prompt, best first, and returns the generator reply', async () => {
    const store = await storeWith(
      'Radium was discovered by Marie Curie.',
      'Penicillin was discovered by Alexander Fleming.',
      'The Eiffel tower is in Paris.',
    );
    prompts.length = 0;
    const pipeline = answerPipeline(store, {
      embedder: new FakeEmbedder(),
      generator: new RecordingGenerator({ reply: 'Fleming.' }),
    });

    const result = await pipeline.run({ text: 'Who discovered penicillin?', query: 'Who discovered penicillin?' });

    expect(result.generator.replies).toEqual(['Fleming.']);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatch(/^Context:\n\[1\] Penicillin was discovered by Alexander Fleming\.\n\[2\] /);
    expect(prompts[0]).toMatch(/Question: Who discovered penicillin\?\nAnswer:$/);
  });

  it('sends an empty context when the store is empty (and the LLM is still asked)', async () => {
    prompts.length = 0;
    const pipeline = answerPipeline(await storeWith(), { embedder: new FakeEmbedder(), generator: new RecordingGenerator() });
    await pipeline.run({ text: 'anything', query: 'anything' });
    expect(prompts).toEqual(['Context:\nQuestion: anything\nAnswer:']);
  });
});

describe('answerPipeline with the real OllamaGenerator against a fake Ollama server', () => {
  let server: FakeOllamaServer;
  beforeAll(async () => {
    server = await FakeOllamaServer.start();
  });
  afterAll(() => server.close());

  it('sends the built prompt to /api/generate and retries a 503', async () => {
    // The first generate request fails; the retry succeeds. (warmUp() first checks the model via /api/tags.)
    server.injectFault({ type: 'status', status: 503 }, { path: '/api/generate' });
    const store = await storeWith('Penicillin was discovered by Alexander Fleming.');
    const generator = new OllamaGenerator({ url: server.url, model: 'llama3.2', retry: { initialDelayMs: 1, maxRetries: 2 } });
    const pipeline = answerPipeline(store, { embedder: new FakeEmbedder(), generator });

    const result = await pipeline.run({ text: 'penicillin?', query: 'penicillin?' });

    const generates = server.requests.filter((r) => r.path === '/api/generate');
    expect(generates).toHaveLength(2);
    expect(generates[1]?.body).toMatchObject({
      model: 'llama3.2',
      prompt: expect.stringContaining('[1] Penicillin was discovered'),
    });
    // The fake server answers "echo: " + the prompt's words.
    expect(result.generator.replies[0]).toMatch(/^echo: Context: \[1\] Penicillin/);
  });
});
