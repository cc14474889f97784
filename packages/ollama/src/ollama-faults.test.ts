import { ModelNotFoundError, PipelineAbortedError, StoreUnavailableError } from '@synapse-rag/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaRequestError, OllamaResponseError, OllamaUnavailableError } from './errors.js';
import { OllamaTextEmbedder } from './ollama-text-embedder.js';
import type { RetryInfo } from './retry.js';
import { FakeOllamaServer, fakeEmbedding, unusedLoopbackUrl } from './testing/index.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const fast = { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 };
const ctx = (signal: AbortSignal) => ({ signal, componentName: 'embedder', tracer: { onEvent() {} } });

function embedder(extra: ConstructorParameters<typeof OllamaTextEmbedder>[0] = {}) {
  const retries: RetryInfo[] = [];
  const e = new OllamaTextEmbedder({ url: server.url, retry: fast, onRetry: (i) => retries.push(i), ...extra });
  return { e, retries };
}

describe('retries: connection errors, 5xx and timeouts are retried with backoff', () => {
  it('recovers from two HTTP 500s', async () => {
    server.injectFault({ type: 'status', status: 500 }, { times: 2 });
    const { e, retries } = embedder();
    const { embedding } = await e.run({ text: 'hello' });
    expect(embedding).toEqual(fakeEmbedding('hello', 1024));
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['status', 'status', 'ok']);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[0]?.error).toMatchObject({ status_code: 500 });
  });

  it('recovers from a dropped connection', async () => {
    server.injectFault({ type: 'refuse' });
    const { e } = embedder();
    await expect(e.run({ text: 'hello' })).resolves.toMatchObject({ meta: { dimension: 1024 } });
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['refuse', 'ok']);
  });

  it('recovers from a response body cut off mid-way', async () => {
    server.injectFault({ type: 'truncate' });
    const { e } = embedder();
    expect((await e.run({ text: 'hello' })).embedding).toEqual(fakeEmbedding('hello', 1024));
    expect(server.requests).toHaveLength(2);
  });

  it('recovers from a slow answer (attempt timeout) ', async () => {
    server.injectFault({ type: 'delay', ms: 1_000 });
    const { e, retries } = embedder({ timeoutMs: 150 });
    expect((await e.run({ text: 'hello' })).embedding).toEqual(fakeEmbedding('hello', 1024));
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
  });

  it('gives up after maxRetries on persistent 5xx with OllamaUnavailableError', async () => {
    server.injectFault({ type: 'status', status: 503, error: 'server busy, please try again' }, { times: 100 });
    const { e } = embedder();
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OllamaUnavailableError);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { reason: 'server', status: 503, attempts: 4 } });
    expect((error as Error).message).toContain('HTTP 503: server busy, please try again (4 attempts)');
    expect(server.requests).toHaveLength(4);
  });

  it('gives up on timeouts with a message naming the timeout', async () => {
    server.injectFault({ type: 'delay', ms: 1_000 }, { times: 2 });
    const { e } = embedder({ timeoutMs: 100, retry: { ...fast, maxRetries: 1 } });
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OllamaUnavailableError);
    expect((error as Error).message).toMatch(/within 100 ms \(2 attempts\).*timeoutMs/);
  });

  it('reports an unreachable server with its URL and a hint to start ollama serve', async () => {
    const url = await unusedLoopbackUrl();
    const retries: RetryInfo[] = [];
    const e = new OllamaTextEmbedder({ url, retry: { ...fast, maxRetries: 2 }, onRetry: (i) => retries.push(i) });
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OllamaUnavailableError);
    expect((error as OllamaUnavailableError).url).toBe(url);
    expect((error as Error).message).toContain(`Cannot reach Ollama at ${url} (ECONNREFUSED) after 3 attempts`);
    expect((error as Error).message).toContain('`ollama serve`');
    expect(retries).toHaveLength(2);
  });
});

describe('4xx and bad responses are never retried', () => {
  it('model not pulled: ModelNotFoundError telling to run ollama pull', async () => {
    const e = new OllamaTextEmbedder({ url: server.url, model: 'bge-m3', retry: fast });
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as Error).message).toContain('Run `ollama pull bge-m3`');
    expect((error as Error).message).toContain(server.url);
    expect(server.requests).toHaveLength(1);
  });

  it('HTTP 400: OllamaRequestError with the server message', async () => {
    server.injectFault({ type: 'status', status: 400, error: 'input length exceeds maximum context length' });
    const { e, retries } = embedder();
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OllamaRequestError);
    expect(error).toMatchObject({ status: 400, code: 'OLLAMA_REQUEST' });
    expect((error as Error).message).toContain('input length exceeds maximum context length');
    expect(retries).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('HTTP 429 is a 4xx too: not retried', async () => {
    server.injectFault({ type: 'status', status: 429 }, { times: 10 });
    const { e } = embedder();
    await expect(e.run({ text: 'x' })).rejects.toBeInstanceOf(OllamaRequestError);
    expect(server.requests).toHaveLength(1);
  });

  it('malformed JSON: OllamaResponseError', async () => {
    server.injectFault({ type: 'malformed' });
    const { e } = embedder();
    await expect(e.run({ text: 'x' })).rejects.toBeInstanceOf(OllamaResponseError);
    expect(server.requests).toHaveLength(1);
  });

  it('an unknown endpoint (URL not pointing at Ollama) says so', async () => {
    const e = new OllamaTextEmbedder({ url: `${server.url}/not-ollama`, retry: fast });
    const error = await e.run({ text: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OllamaRequestError);
    expect((error as Error).message).toMatch(/no endpoint for embedding \(HTTP 404/);
  });
});

describe('abort', () => {
  it('aborts an in-flight request at once', async () => {
    server.injectFault({ type: 'delay', ms: 30_000 });
    const controller = new AbortController();
    const { e } = embedder();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await e.run({ text: 'x' }, ctx(controller.signal)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PipelineAbortedError);
    // Far below the 30 s the server holds the answer, far above scheduling noise on busy cores.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts during a backoff sleep without waiting it out', async () => {
    server.injectFault({ type: 'status', status: 500 }, { times: 10 });
    const controller = new AbortController();
    const e = new OllamaTextEmbedder({
      url: server.url,
      retry: { maxRetries: 5, initialDelayMs: 60_000, jitter: 'none' },
      onRetry: () => setTimeout(() => controller.abort(), 20),
    });
    const started = Date.now();
    await expect(e.run({ text: 'x' }, ctx(controller.signal))).rejects.toBeInstanceOf(PipelineAbortedError);
    // The backoff sleep is 60 s: not waiting it out is all this checks.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const { e } = embedder();
    await expect(e.run({ text: 'x' }, ctx(AbortSignal.abort()))).rejects.toBeInstanceOf(PipelineAbortedError);
    expect(server.requests).toHaveLength(0);
  });
});
