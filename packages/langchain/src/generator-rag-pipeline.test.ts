import { FakeChatModel, FakeListChatModel } from '@langchain/core/utils/testing';
import {
  ComponentError,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  Pipeline,
  PipelineAbortedError,
  PromptBuilder,
} from '@synapse-rag/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LangChainGenerationError } from './errors.js';
import { LangChainChatGenerator } from './langchain-chat-generator.js';
import { LangChainGenerator } from './langchain-generator.js';

const corpus = [
  { id: 'pg', content: 'pgvector adds vector similarity search to PostgreSQL', meta: {} },
  { id: 'chroma', content: 'Chroma keeps embeddings in a local collection', meta: {} },
  { id: 'bread', content: 'Bake sourdough bread for forty minutes', meta: {} },
];
const template = '{% for d in documents %}{{ d.content }}\n{% endfor %}Question: {{ query }}';
const query = 'What does pgvector add to PostgreSQL?';

let store: InMemoryDocumentStore;
beforeAll(async () => {
  store = new InMemoryDocumentStore();
  await store.writeDocuments(corpus);
});

/** BM25 → PromptBuilder → `llm`, wired as the README's Ollama RAG pipeline. */
function ragPipeline(llm: LangChainGenerator | LangChainChatGenerator) {
  return new Pipeline()
    .addComponent('retriever', new InMemoryBM25Retriever({ documentStore: store, topK: 1 }))
    .addComponent('prompt', new PromptBuilder({ template }))
    .addComponent('llm', llm)
    .connect('retriever.documents', 'prompt.documents')
    .connect('prompt.prompt', llm instanceof LangChainGenerator ? 'llm.prompt' : 'llm.messages');
}

describe('a RAG pipeline generating with a LangChain chat model', () => {
  it('retrieves the relevant document and generates from it (LangChainGenerator after PromptBuilder)', async () => {
    // FakeChatModel replies with the messages it received, so the reply shows the prompt it got.
    const pipeline = ragPipeline(new LangChainGenerator({ chatModel: new FakeChatModel({}) }));
    const result = await pipeline.run({ retriever: { query }, prompt: { query } });
    expect(result['llm']?.['replies']).toEqual([`${corpus[0]?.content}\nQuestion: ${query}`]);
    expect(result['llm']?.['meta']).toEqual([{ model: 'FakeChatModel' }]);
  });

  it('the chat generator takes the prompt through the string → ChatMessage connection, streaming', async () => {
    const streamed: string[] = [];
    const pipeline = ragPipeline(
      new LangChainChatGenerator({
        chatModel: new FakeListChatModel({ responses: ['It adds vector similarity search.'] }),
        systemPrompt: 'Answer from the context only.',
        streamingCallback: (c) => void streamed.push(c.content),
      }),
    );
    const result = await pipeline.run({ retriever: { query }, prompt: { query } });
    const replies = result['llm']?.['replies'] as Array<{ role: string; content: string }>;
    expect(replies.map((r) => [r.role, r.content])).toEqual([['assistant', 'It adds vector similarity search.']]);
    expect(streamed.join('')).toBe('It adds vector similarity search.');
  });

  it('aborting the run while the model streams rejects the run with PipelineAbortedError', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const pipeline = ragPipeline(
      new LangChainGenerator({
        chatModel: new FakeListChatModel({ responses: ['a long answer'], sleep: 1 }),
        streamingCallback: () => {
          chunks += 1;
          if (chunks === 2) controller.abort(new Error('closed by user'));
        },
      }),
    );
    const error = await pipeline
      .run({ retriever: { query }, prompt: { query } }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineAbortedError);
    expect(chunks).toBe(2);
  });

  it('a model failure surfaces as ComponentError naming the component, with LangChainGenerationError as cause', async () => {
    const pipeline = ragPipeline(
      new LangChainGenerator({
        chatModel: new FakeListChatModel({ responses: ['x'] }),
        generationOptions: { thrownErrorString: '401 invalid API key' },
      }),
    );
    const error = await pipeline.run({ retriever: { query }, prompt: { query } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as ComponentError).component).toBe('llm');
    expect((error as ComponentError).cause).toBeInstanceOf(LangChainGenerationError);
    expect((error as Error).message).toContain('401 invalid API key');
  });
});
