import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from './fake-embedding.js';
import { FakeOllamaServer } from './fake-ollama-server.js';

let server: FakeOllamaServer;
beforeAll(async () => {
  server = await FakeOllamaServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('FakeOllamaServer REST surface', () => {
  it('serves the legacy single-text /api/embeddings endpoint', async () => {
    const res = await post('/api/embeddings', { model: 'all-minilm', prompt: 'hi there' });
    expect(await res.json()).toEqual({ embedding: fakeEmbedding('hi there', 384) });
  });

  it('lists models in /api/tags and describes them in /api/show', async () => {
    const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<{ name: string }> };
    expect(tags.models.map((m) => m.name)).toEqual([
      'mxbai-embed-large:latest',
      'nomic-embed-text:latest',
      'all-minilm:latest',
      'llama3.2:latest',
    ]);
    const show = (await (await post('/api/show', { model: 'nomic-embed-text' })).json()) as Record<string, unknown>;
    expect(show['model_info']).toEqual({ 'general.architecture': 'nomic-bert', 'nomic-bert.embedding_length': 768 });
    expect((await post('/api/show', { model: 'nope' })).status).toBe(404);
  });

  it('streams NDJSON with text only in done:false lines and counters in the final line', async () => {
    const res = await post('/api/generate', { model: 'llama3.2', prompt: 'a b' });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['response'], l['done']])).toEqual([
      ['echo: ', false],
      ['a ', false],
      ['b', false],
      ['', true],
    ]);
    expect(lines.at(-1)).toMatchObject({ eval_count: 3, prompt_eval_count: 2, done_reason: 'stop' });
  });

  it('answers stream:false requests in one JSON object', async () => {
    const res = await post('/api/chat', { model: 'llama3.2', stream: false, messages: [{ role: 'user', content: 'x' }] });
    expect(await res.json()).toMatchObject({ message: { role: 'assistant', content: 'echo: x' }, done: true, eval_count: 2 });
  });

  it('behaves like Ollama for unknown routes, missing models and bad bodies', async () => {
    const unknown = await fetch(`${server.url}/api/nothing`);
    expect([unknown.status, await unknown.text()]).toEqual([404, '404 page not found']);
    const missing = await post('/api/embed', { model: 'x', input: ['a'] });
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'model "x" not found, try pulling it first' }]);
    expect((await post('/api/embed', { input: ['a'] })).status).toBe(400);
    expect((await fetch(`${server.url}/api/embed`, { method: 'POST', body: '{nope' })).status).toBe(400);
  });

  it('applies injected faults in order, per path, a given number of times', async () => {
    server.injectFault({ type: 'status', status: 502 }, { path: '/api/embed', times: 2 });
    server.injectFault({ type: 'status', status: 418 });
    expect((await fetch(`${server.url}/api/version`)).status).toBe(418);
    expect((await post('/api/embed', { model: 'all-minilm', input: ['a'] })).status).toBe(502);
    expect((await post('/api/embed', { model: 'all-minilm', input: ['a'] })).status).toBe(502);
    expect((await post('/api/embed', { model: 'all-minilm', input: ['a'] })).status).toBe(200);
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['status', 'status', 'status', 'ok']);
  });
});
