import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaRequestError, OllamaUnavailableError } from './errors.js';
import { OllamaGenerator, type StreamingChunk } from './ollama-generator.js';
import { FakeOllamaServer, fakeCompletionPieces, fakePromptTokenCount } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const fast = { initialDelayMs: 1, maxDelayMs: 2 };
const ctx = (signal: AbortSignal) => ({ signal, componentName: 'llm', tracer: { onEvent() {} } });

describe('OllamaGenerator (streamed /api/generate through @langchain/ollama)', () => {
  it('returns the reply and Ollama’s token counts and timings', async () => {
    const prompt = 'Answer briefly: what is the capital of France?';
    const { replies, meta } = await new OllamaGenerator({ url: server.url }).run({ prompt });
    const pieces = fakeCompletionPieces(prompt);
    expect(replies).toEqual([pieces.join('')]);
    expect(meta).toEqual([
      {
        model: 'llama3.2',
        promptTokens: fakePromptTokenCount(prompt),
        completionTokens: pieces.length,
        totalDurationMs: 10 + pieces.length,
        loadDurationMs: 2,
        promptEvalDurationMs: 0.1 * fakePromptTokenCount(prompt),
        evalDurationMs: pieces.length,
        attempts: 1,
      },
    ]);
    expect(server.requests[0]).toMatchObject({ path: '/api/generate', body: { model: 'llama3.2', prompt, stream: true } });
  });

  it('hands streamed chunks to the callback in order, and they add up to the reply', async () => {
    const chunks: StreamingChunk[] = [];
    const generator = new OllamaGenerator({
      url: server.url,
      streamingCallback: async (chunk) => {
        await new Promise((r) => setTimeout(r, 1));
        chunks.push(chunk);
      },
    });
    const { replies } = await generator.run({ prompt: 'one two three four' });
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(chunks.map((c) => c.content)).toEqual(['echo: ', 'one ', 'two ', 'three ', 'four']);
    expect(chunks.map((c) => c.content).join('')).toBe(replies[0]);
  });

  it('sends the system prompt, seed and model options; run inputs override them', async () => {
    const generator = new OllamaGenerator({
      url: server.url,
      systemPrompt: 'You are terse.',
      keepAlive: -1,
      modelOptions: { temperature: 0.2, seed: 42, numCtx: 4096, stop: ['\n\n'] },
    });
    await generator.run({ prompt: 'hi' });
    expect(server.requests[0]?.body).toMatchObject({
      system: 'You are terse.',
      keep_alive: -1,
      options: { temperature: 0.2, seed: 42, num_ctx: 4096, stop: ['\n\n'] },
    });
    const { replies, meta } = await generator.run({
      prompt: 'a b c d e',
      system: 'Override.',
      modelOptions: { numPredict: 3, seed: 7 },
    });
    expect(server.requests[1]?.body).toMatchObject({
      system: 'Override.',
      options: { temperature: 0.2, seed: 7, num_ctx: 4096, num_predict: 3 },
    });
    expect(replies).toEqual(['echo: a b ']);
    expect(meta[0]?.['completionTokens']).toBe(3);
  });

  it('never retries a 4xx (embedding model asked to generate)', async () => {
    const generator = new OllamaGenerator({ url: server.url, model: 'mxbai-embed-large', retry: fast });
    const error = await generator.run({ prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OllamaRequestError);
    expect((error as Error).message).toMatch(/HTTP 400: "mxbai-embed-large" does not support generate/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a stream that ends without its done line, when nothing was streamed to a callback yet', async () => {
    server.injectFault({ type: 'truncate', afterChunks: 2 }, { path: '/api/generate' });
    const { replies, meta } = await new OllamaGenerator({ url: server.url, retry: fast }).run({ prompt: 'p q' });
    expect(replies).toEqual(['echo: p q']);
    expect(meta[0]?.['attempts']).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry once text reached the streaming callback (it would see text twice)', async () => {
    server.injectFault({ type: 'truncate', afterChunks: 2 }, { path: '/api/generate' });
    const seen: string[] = [];
    const generator = new OllamaGenerator({ url: server.url, retry: fast, streamingCallback: (c) => void seen.push(c.content) });
    const error = await generator.run({ prompt: 'p q' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OllamaUnavailableError);
    expect((error as OllamaUnavailableError).details).toMatchObject({ reason: 'truncated', attempts: 1 });
    expect(seen).toEqual(['echo: ', 'p ']);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an error line inside the stream as OllamaResponseError, without retrying', async () => {
    server.injectFault({ type: 'stream-error', error: 'llama runner process has terminated', afterChunks: 1 });
    const error = await new OllamaGenerator({ url: server.url, retry: fast }).run({ prompt: 'x y' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OLLAMA_BAD_RESPONSE' });
    expect((error as Error).message).toMatch(/llama runner process has terminated/);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts mid-stream promptly with PipelineAbortedError', async () => {
    const slow = await FakeOllamaServer.start({ chunkDelayMs: 2_000 });
    try {
      const controller = new AbortController();
      const generator = new OllamaGenerator({
        url: slow.url,
        streamingCallback: (c) => {
          if (c.index === 0) controller.abort();
        },
      });
      const started = Date.now();
      const error = await generator.run({ prompt: 'a b c d e f g h' }, ctx(controller.signal)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PIPELINE_ABORTED' });
      // The whole stream takes 8 × 2 s: stopping well before it is what this checks.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe('OllamaGenerator streaming callback errors', () => {
  it('are rethrown unchanged and not retried', async () => {
    class Stop extends Error {}
    const generator = new OllamaGenerator({
      url: server.url,
      retry: fast,
      streamingCallback: () => {
        throw new Stop('enough');
      },
    });
    await expect(generator.run({ prompt: 'a b c' })).rejects.toBeInstanceOf(Stop);
    expect(server.requests).toHaveLength(1);
  });
});
