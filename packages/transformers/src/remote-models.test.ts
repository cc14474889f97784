import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { createDocument, ModelNotFoundError } from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedModelFiles } from './model-location.js';
import { SHIPPED_MODELS, shippedModelPath } from './shipped-models.js';
import { TransformersSimilarityRanker } from './transformers-similarity-ranker.js';

// A loopback stand-in for the Hugging Face Hub: serves the shipped cross-encoder fixture as
// `acme/reranker` at `/<model>/resolve/main/<file>`. Exercises transformers.js's real download
// and cache path without any network.
let server: Server;
const requests: string[] = [];
const cacheDir = mkdtempSync(join(tmpdir(), 'synapse-hf-cache-'));
const savedHost = env.remoteHost;

beforeAll(async () => {
  const root = shippedModelPath(SHIPPED_MODELS.tinyCrossEncoder);
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const match = /^\/acme\/reranker\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const file = match?.[1];
    if (!file || file.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, file)).then(
      (body) => {
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  env.remoteHost = savedHost;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(cacheDir, { recursive: true, force: true });
});

const docs = [createDocument({ content: 'football scores' }), createDocument({ content: 'france capital city' })];

describe('remote models (allowRemoteModels)', () => {
  it('is off by default: a model that is only on the Hub raises ModelNotFoundError, nothing is requested', async () => {
    const ranker = new TransformersSimilarityRanker({ model: 'acme/reranker', cacheDir });
    await expect(ranker.warmUp()).rejects.toBeInstanceOf(ModelNotFoundError);
    expect(requests).toEqual([]);
  });

  it('downloads through transformers.js into cacheDir when allowed, then works offline from the cache', async () => {
    const online = new TransformersSimilarityRanker({ model: 'acme/reranker', cacheDir, allowRemoteModels: true });
    const first = await online.run({ query: 'capital of france', documents: docs });
    expect(first.documents[0]!.content).toBe('france capital city');
    expect(requests.some((r) => r.includes('/acme/reranker/resolve/main/onnx/model.onnx'))).toBe(true);

    // The download landed in cacheDir/<id>/…, which the offline resolver searches.
    const seen = requests.length;
    const offline = new TransformersSimilarityRanker({ model: 'acme/reranker', cacheDir, calibrationFactor: 2 });
    const second = await offline.run({ query: 'capital of france', documents: docs });
    expect(second.documents[0]!.content).toBe('france capital city');
    expect(requests.length).toBe(seen);
    for (const f of expectedModelFiles('fp32')) expect(requests.join('\n')).toContain(f);
  });
});
