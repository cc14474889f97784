import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaChatGenerator } from './ollama-chat-generator.js';
import { FakeOllamaServer, fakeCompletionPieces, fakePromptTokenCount } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('OllamaChatGenerator (streamed /api/chat through ChatOllama)', () => {
  it('answers the conversation with an assistant message and token counts', async () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'first question' },
      { role: 'assistant' as const, content: 'first answer' },
      { role: 'user' as const, content: 'what is RAG?' },
    ];
    const chunks: string[] = [];
    const chat = new OllamaChatGenerator({
      url: server.url,
      modelOptions: { seed: 1 },
      streamingCallback: (c) => void chunks.push(c.content),
    });
    const { replies, meta } = await chat.run({ messages });
    const pieces = fakeCompletionPieces('what is RAG?');
    expect(replies).toEqual([{ role: 'assistant', content: pieces.join('') }]);
    expect(chunks).toEqual(pieces);
    expect(meta[0]).toMatchObject({
      model: 'llama3.2',
      promptTokens: fakePromptTokenCount(...messages.map((m) => m.content)),
      completionTokens: pieces.length,
      doneReason: 'stop',
      attempts: 1,
    });
    expect(server.requests[0]).toMatchObject({
      path: '/api/chat',
      body: { model: 'llama3.2', messages, stream: true, options: { seed: 1 } },
    });
  });

  it('puts systemPrompt first only when the conversation has no system message', async () => {
    const chat = new OllamaChatGenerator({ url: server.url, systemPrompt: 'You are Synapse.' });
    await chat.run({ messages: [{ role: 'user', content: 'hi' }] });
    await chat.run({
      messages: [
        { role: 'system', content: 'Mine.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(server.requests.map((r) => (r.body as { messages: unknown[] }).messages)).toEqual([
      [
        { role: 'system', content: 'You are Synapse.' },
        { role: 'user', content: 'hi' },
      ],
      [
        { role: 'system', content: 'Mine.' },
        { role: 'user', content: 'hi' },
      ],
    ]);
  });

  it('maps a missing model to ModelNotFoundError', async () => {
    const error = await new OllamaChatGenerator({ url: server.url, model: 'qwen3:8b' })
      .run({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((error as Error).message).toContain('ollama pull qwen3:8b');
  });
});
