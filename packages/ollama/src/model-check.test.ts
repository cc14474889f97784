import { ModelNotFoundError } from '@synapse-rag/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaUnavailableError } from './errors.js';
import { OllamaChatGenerator, OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder } from './index.js';
import { FakeOllamaServer, unusedLoopbackUrl } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('warmUp: fail before the first run when the model is missing or the server is down', () => {
  it('checks /api/tags once per component (x and x:latest are the same model)', async () => {
    const embedder = new OllamaTextEmbedder({ url: server.url, model: 'mxbai-embed-large:latest' });
    await embedder.warmUp();
    await embedder.warmUp();
    await new OllamaDocumentEmbedder({ url: server.url, model: 'nomic-embed-text' }).warmUp();
    await new OllamaGenerator({ url: server.url }).warmUp();
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/tags', 'GET /api/tags', 'GET /api/tags']);
  });

  it('names the missing model, the pull command and what is available', async () => {
    const error = await new OllamaChatGenerator({ url: server.url, model: 'qwen3' }).warmUp().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as Error).message).toContain('Run `ollama pull qwen3`');
    expect((error as Error).message).toContain('llama3.2:latest');
  });

  it('reports an unreachable server after retrying', async () => {
    const url = await unusedLoopbackUrl();
    const generator = new OllamaGenerator({ url, retry: { maxRetries: 1, initialDelayMs: 1 } });
    await expect(generator.warmUp()).rejects.toBeInstanceOf(OllamaUnavailableError);
  });

  it('validates run-time model options', async () => {
    const generator = new OllamaGenerator({ url: server.url });
    // @ts-expect-error unknown model option
    await expect(generator.run({ prompt: 'x', modelOptions: { temprature: 1 } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    expect(server.requests).toHaveLength(0);
  });
});
