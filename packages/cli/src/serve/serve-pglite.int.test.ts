import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChromaServer } from '@synapse-rag/chroma';
import type { MigrationEvent } from '@synapse-rag/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, parseExposition, readEvents, startTestService } from '../../test/serve-client.js';
import { createApp } from './create-app.js';

const TOKEN = 'test-admin-token-0123456789';
const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });

describe('synapse serve on the embedded PGlite (in process, 127.0.0.1)', () => {
  let dir: string;
  let flagsFile: string;
  let service: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-serve-pglite-'));
    flagsFile = join(dir, 'flags.json');
    await writeFile(flagsFile, '{}\n');
    service = await startTestService(
      { settings: { pgvector: { pgliteDir: join(dir, 'db'), table: 'documents' } }, flagsFile },
      { adminToken: TOKEN, bodyLimitBytes: 64 * 1024, eventsIntervalMs: 5000 },
    );
  });
  afterAll(async () => {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GET /health: 200 with the store checked, flags, rollout stage and circuits', async () => {
    const { status, body } = await call(service.url, 'GET', '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.stores).toEqual([
      expect.objectContaining({ name: 'pgvector', location: `PGlite in ${join(dir, 'db')}`, ok: true, required: true }),
    ]);
    expect((body.stores as Array<{ latencyMs: number }>)[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.flags).toMatchObject({ usePgvector: false, enableDualWrite: false });
    expect(body.flagsOrigin).toBe(`file ${flagsFile}`);
    expect(body.rollout).toMatchObject({ stage: 0, name: expect.any(String), emergency: false });
    expect(body.circuits).toEqual({});
  });

  it('POST /query on an empty index: 200 with no sources', async () => {
    const { status, body } = await call(service.url, 'POST', '/query', { query: 'What is the capital of France?' });
    expect(status).toBe(200);
    expect(body.sources).toEqual([]);
    expect(body.note).toMatch(/nothing is indexed yet/);
  });

  it('POST /index then POST /query: the written ids come back as sources, explain has ranks per stage and timings', async () => {
    const indexed = await call(service.url, 'POST', '/index', {
      documents: [
        { content: 'Paris is the capital and largest city of France.', meta: { file_path: 'docs/france.md' } },
        { content: 'Photosynthesis turns light, water and carbon dioxide into sugar.', id: 'plants', meta: { topic: 'biology' } },
        { content: 'Berlin is the capital of Germany.', meta: { file_path: 'docs/germany.md' } },
      ],
    });
    expect(indexed.status).toBe(200);
    const ids = indexed.body.ids as string[];
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe('plants');
    expect(indexed.body.written).toBe(3);
    const single = await call(service.url, 'POST', '/index', {
      text: 'Madrid is the capital of Spain.',
      meta: { file_path: 'docs/spain.md' },
    });
    expect(single.status).toBe(200);
    expect(single.body.ids).toHaveLength(1);
    // A long text is split into chunks like an indexed file (each with the text's meta).
    const long = Array.from({ length: 60 }, (_, i) => `Note ${i}: sourdough rises slowly overnight in a cool kitchen.`).join(' ');
    const chunked = await call(service.url, 'POST', '/index', { text: long, meta: { file_path: 'docs/bread.md' } });
    expect(chunked.status).toBe(200);
    expect((chunked.body.ids as string[]).length).toBeGreaterThan(1);

    const { status, body } = await call(service.url, 'POST', '/query', { query: 'capital of France', topK: 3, explain: true });
    expect(status).toBe(200);
    const sources = body.sources as Array<{
      id: string;
      score: number | null;
      path: string | null;
      meta: Record<string, unknown>;
    }>;
    expect(sources[0]).toMatchObject({ id: ids[0], path: 'docs/france.md', meta: { file_path: 'docs/france.md' } });
    expect(typeof sources[0]?.score).toBe('number');
    expect(body.answer).toContain('Paris');
    const explain = body.explain as {
      stages: string[];
      documents: Array<{ id: string; stages: Record<string, { rank: number | null; score: number | null }> }>;
      timings: Array<{ component: string; ms: number }>;
    };
    expect(explain.stages).toEqual(['embedding_retriever', 'keyword_retriever', 'joiner']);
    expect(explain.documents[0]?.id).toBe(ids[0]);
    expect(explain.documents[0]?.stages.joiner).toMatchObject({ rank: 1 });
    expect(explain.documents[0]?.stages.keyword_retriever?.rank).toBe(1);
    expect(explain.timings.map((t) => t.component)).toEqual(
      expect.arrayContaining(['text_embedder', 'embedding_retriever', 'generator']),
    );

    const filtered = await call(service.url, 'POST', '/query', {
      query: 'capital',
      filters: { field: 'meta.file_path', operator: '==', value: 'docs/germany.md' },
    });
    expect(filtered.status).toBe(200);
    expect((filtered.body.sources as Array<{ path: string }>).map((s) => s.path)).toEqual(['docs/germany.md']);
  });

  it('bad bodies: 400 naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/query', { topK: 3 }, 'query'],
      ['/query', { query: 'x', topK: 0 }, 'topK'],
      ['/query', { query: 'x', explain: 'yes' }, 'explain'],
      ['/query', { query: 'x', filters: { field: 'meta.a', operator: 'is', value: 1 } }, 'filters'],
      ['/query', { query: 'x', extra: 1 }, 'extra'],
      ['/index', { documents: [{ content: '' }] }, 'documents.0.content'],
      ['/index', { documents: [{ content: 'a', meta: 'not an object' }] }, 'documents.0.meta'],
      ['/index', {}, 'documents'],
      ['/index', { text: 'a', documents: [{ content: 'b' }] }, 'documents'],
    ];
    for (const [path, body, field] of cases) {
      const res = await call(service.url, 'POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        (res.body.issues as Array<{ field: string }>).map((i) => i.field),
        JSON.stringify(body),
      ).toContain(field);
      expect(res.body.error).toContain(field);
    }
    const notJson = await call(service.url, 'POST', '/query', '{"query": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not valid JSON/);
    const tooLarge = await call(service.url, 'POST', '/index', { text: 'x'.repeat(100 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('BODY_TOO_LARGE');
  });

  it('a request over its time budget is answered 504 (the app embedded: app.request, no server)', async () => {
    const app = createApp(service.runtime, { requestTimeoutMs: 300 });
    // A body that never finishes arriving.
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"query":')) });
    const res = await app.request('/query', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: 'the request did not finish within 300 ms', code: 'REQUEST_TIMEOUT' });
  });

  it('unknown routes 404 and wrong methods 405, as JSON', async () => {
    const missing = await call(service.url, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const wrong = await call(service.url, 'GET', '/query');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.error).toMatch(/GET is not allowed on \/query/);
  });

  it('GET /metrics: Prometheus text with the migration metrics and process metrics', async () => {
    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const samples = parseExposition(text);
    expect(text).toContain('# TYPE synapse_store_query_duration_seconds histogram');
    expect(text).toContain('# TYPE synapse_outbox_size gauge');
    expect(samples.get('synapse_pipeline_run_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('runtime.observe(store): a failover breaker it reports shows in /health circuits and in /metrics', async () => {
    const listeners = new Set<(event: MigrationEvent) => void>();
    const off = service.runtime.observe({
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    for (const listener of listeners) {
      listener({
        type: 'circuit:state',
        breaker: 'pgvector-primary',
        from: 'closed',
        to: 'open',
        reason: '3 consecutive failures',
      });
    }
    const { body } = await call(service.url, 'GET', '/health');
    expect(body.circuits).toEqual({
      'pgvector-primary': { state: 'open', since: expect.any(String), reason: '3 consecutive failures' },
    });
    const samples = parseExposition(await (await fetch(`${service.url}/metrics`)).text());
    expect(samples.get('synapse_circuit_state{breaker="pgvector-primary"}')).toBe(2);
    expect(listeners.size).toBe(2);
    off();
    expect(listeners.size).toBe(0);
  });

  it('GET /pipeline: the query pipeline as Mermaid and YAML', async () => {
    const { status, body } = await call(service.url, 'GET', '/pipeline');
    expect(status).toBe(200);
    expect(body.path).toBe('pgvector');
    expect(body.mermaid).toMatch(/^graph TD/);
    expect(body.mermaid).toContain('embedding_retriever');
    expect(body.yaml).toContain('type: pgvector.PgvectorEmbeddingRetriever');
    expect(body.yamlError).toBeUndefined();
  });

  it('admin routes: 401 without a token, 403 with a wrong one, 200 with the right one', async () => {
    const none = await call(service.url, 'GET', '/admin/flags');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await call(service.url, 'GET', '/admin/flags', undefined, auth(`${TOKEN}x`));
    expect(wrong.status).toBe(403);
    const short = await call(service.url, 'GET', '/admin/flags', undefined, auth('x'));
    expect(short.status).toBe(403);
    const ok = await call(service.url, 'GET', '/admin/flags', undefined, auth());
    expect(ok.status).toBe(200);
    expect(ok.body.flags).toMatchObject({ pgvectorReadPercentage: 0 });
    const bad = await call(service.url, 'PUT', '/admin/flags', { FF_PGVECTOR_READ_PERCENTAGE: 300 }, auth());
    expect(bad.status).toBe(400);
    expect((bad.body.issues as Array<{ field: string }>)[0]?.field).toBe('pgvectorReadPercentage');
  });

  it('GET /events streams the live figures and shows a flag change made through PUT /admin/flags', async () => {
    const seen: number[] = [];
    let changed = false;
    await readEvents(`${service.url}/events?intervalMs=250`, async (event, data) => {
      expect(event).toBe('figures');
      const figures = data as { flags: { pgvectorReadPercentage: number }; rollout: { stage: number } };
      seen.push(figures.flags.pgvectorReadPercentage);
      if (!changed) {
        changed = true;
        const put = await call(service.url, 'PUT', '/admin/flags', { pgvectorReadPercentage: 10 }, auth());
        expect(put.status).toBe(200);
        expect(put.body.flags).toMatchObject({ pgvectorReadPercentage: 10 });
      }
      return figures.flags.pgvectorReadPercentage === 10;
    });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(10);
    expect(JSON.parse(await readFile(flagsFile, 'utf8'))).toMatchObject({ pgvectorReadPercentage: 10 });
  });

  it('POST /admin/rollout/advance and /rollback walk the stages through the flag file', async () => {
    const advanced = await call(service.url, 'POST', '/admin/rollout/advance', { note: 'from the test' }, auth());
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ changed: true, applied: true, state: { stage: 1 } });
    expect(advanced.body.flags).toMatchObject({ enableDualWrite: true, enableShadowReads: true });
    const health = await call(service.url, 'GET', '/health');
    expect(health.body.rollout).toMatchObject({ stage: 1, inSync: true });
    const back = await call(service.url, 'POST', '/admin/rollout/rollback', {}, auth());
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ changed: true, state: { stage: 0 } });
    const refused = await call(service.url, 'POST', '/admin/rollout/rollback', {}, auth());
    expect(refused.status).toBe(409);
    expect(refused.body.refused).toEqual(['already at stage 0']);
    const reconcile = await call(service.url, 'POST', '/admin/reconcile', {}, auth());
    expect(reconcile.status).toBe(409);
    expect(reconcile.body.error).toMatch(/needs both a pgvector and a Chroma store/);
  });
});

describe('synapse serve with PGlite + a Chroma server this test starts, without SYNAPSE_ADMIN_TOKEN', () => {
  it('answers the admin routes 404 "admin routes are disabled"; /health 200 with both stores, then 503 naming chroma once the test stops its server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-serve-chroma-down-'));
    const chroma = await startChromaServer({ path: join(dir, 'chroma') });
    const service = await startTestService(
      {
        settings: {
          pgvector: { pgliteDir: join(dir, 'db'), table: 'documents' },
          chroma: { url: chroma.url, collection: 'serve-health' },
        },
      },
      { healthTimeoutMs: 3000 },
    );
    try {
      for (const headers of [{}, auth()]) {
        const res = await call(service.url, 'PUT', '/admin/flags', { usePgvector: true }, headers);
        expect(res.status).toBe(404);
        expect(res.body.error).toMatch(/admin routes are disabled/);
      }
      expect(service.runtime.flags.current.usePgvector).toBe(false);

      const up = await call(service.url, 'GET', '/health');
      expect(up.status).toBe(200);
      expect((up.body.stores as Array<{ name: string; ok: boolean }>).map((s) => [s.name, s.ok])).toEqual([
        ['pgvector', true],
        ['chroma', true],
      ]);
      await chroma.stop();
      const down = await call(service.url, 'GET', '/health');
      expect(down.status).toBe(503);
      expect(down.body.reason).toMatch(
        /^required store chroma \(http:\/\/127\.0\.0\.1:\d+ \(collection serve-health\)\) is down: /,
      );
      expect((down.body.stores as Array<{ name: string; ok: boolean }>).map((s) => [s.name, s.ok])).toEqual([
        ['pgvector', true],
        ['chroma', false],
      ]);
    } finally {
      await service.close();
      await chroma.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
