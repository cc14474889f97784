import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '@synapse-rag/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromaDocumentStore } from '../src/chroma-document-store.js';
import { type ChromaServer, startChromaServer } from '../src/chroma-server.js';

// Uses its own server (not the shared one): it is stopped and restarted on the same data dir.
describe('persistence across a server restart', () => {
  let dir: string | undefined;
  let server: ChromaServer | undefined;
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps documents, metadata encoding, embeddings and the collection configuration', async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-chroma-restart-'));
    const path = join(dir, 'data');
    server = await startChromaServer({ path });
    const docs: Document[] = Array.from({ length: 25 }, (_, i) => ({
      id: `p${i}`,
      content: `persisted ${i}`,
      meta: { i, nested: { flag: i % 2 === 0 }, nothing: null, date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` },
      embedding: [i / 32, 1 - i / 32, 0.25],
    }));
    const first = new ChromaDocumentStore({ url: server.url, collectionName: 'restart-test', distanceFunction: 'ip' });
    expect(await first.writeDocuments(docs)).toBe(25);
    const pidBefore = server.pid;
    await server.stop();
    await expect(first.countDocuments()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    server = await startChromaServer({ path });
    expect(server.pid).not.toBe(pidBefore);
    const second = new ChromaDocumentStore({ url: server.url, collectionName: 'restart-test', distanceFunction: 'ip' });
    expect(await second.countDocuments()).toBe(25);
    const read = new Map((await second.filterDocuments()).map((d) => [d.id, d]));
    for (const doc of docs) {
      expect(read.get(doc.id)).toMatchObject({ content: doc.content, meta: doc.meta });
      read.get(doc.id)!.embedding!.forEach((v, j) => {
        expect(v).toBeCloseTo(doc.embedding![j]!, 6);
      });
    }
    expect((await second.filterDocuments({ field: 'meta.date', operator: '>=', value: '2024-01-20' })).length).toBe(6);
    expect((await second.filterDocuments({ field: 'meta.nested.flag', operator: '==', value: true })).length).toBe(13);
    const hits = await second.embeddingRetrieval({ queryEmbedding: [1, 0, 0], topK: 1 });
    expect(hits[0]?.id).toBe('p24');
    // a store opened with another distance function is refused: the configuration persisted
    await expect(
      new ChromaDocumentStore({ url: server.url, collectionName: 'restart-test', distanceFunction: 'cosine' }).countDocuments(),
    ).rejects.toThrow(/already exists with distance "ip"/);
  });
});
