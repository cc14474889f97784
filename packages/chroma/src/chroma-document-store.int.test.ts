import {
  type Document,
  DuplicateDocumentError,
  defaultRegistry,
  InvalidDocumentError,
  InvalidOptionsError,
  StoreUnavailableError,
} from '@synapse-rag/core';
import { afterEach, describe, expect, it } from 'vitest';
import { chromaUrl, dropStore, newStore, uniqueCollectionName } from '../test/helpers.js';
import { ChromaDocumentStore } from './chroma-document-store.js';
import { freePort } from './chroma-server.js';

const stores: ChromaDocumentStore[] = [];
const track = (store: ChromaDocumentStore) => {
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map(dropStore));
});

const docs = (n: number, prefix = 'd'): Document[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    content: `text ${i}`,
    meta: { i, even: i % 2 === 0 },
    embedding: [1, i, 0.5],
  }));
const ids = (list: readonly Document[]) => list.map((d) => d.id).sort();

describe('ChromaDocumentStore (real server)', () => {
  it('creates the collection with embeddingFunction null and the configured HNSW space', async () => {
    const store = track(newStore({ distanceFunction: 'ip' }));
    const collection = await store.getCollection();
    expect(collection.configuration.hnsw?.space).toBe('ip');
    expect((collection.configuration as Record<string, unknown>).embedding_function ?? null).toBeNull();
  });

  it('refuses to open an existing collection with another distance function', async () => {
    const name = uniqueCollectionName();
    const cosine = track(new ChromaDocumentStore({ url: chromaUrl(), collectionName: name }));
    await cosine.getCollection();
    const l2 = new ChromaDocumentStore({ url: chromaUrl(), collectionName: name, distanceFunction: 'l2' });
    await expect(l2.countDocuments()).rejects.toThrow(InvalidOptionsError);
    await expect(l2.countDocuments()).rejects.toThrow(/already exists with distance "cosine"/);
  });

  it('writes in several requests when the batch size is small, for every policy', async () => {
    const store = track(newStore({ batchSize: 3 }));
    expect(await store.getMaxBatchSize()).toBe(3);
    expect(await store.writeDocuments(docs(10))).toBe(10);
    expect(await store.countDocuments()).toBe(10);
    expect(await store.writeDocuments([...docs(12)], { policy: 'skip' })).toBe(2);
    const changed = docs(12).map((d) => ({ ...d, content: `changed ${d.id}` }));
    expect(await store.writeDocuments(changed, { policy: 'overwrite' })).toBe(12);
    const all = await store.filterDocuments();
    expect(all).toHaveLength(12);
    expect(all.every((d) => d.content.startsWith('changed'))).toBe(true);
    await expect(store.writeDocuments([...docs(2, 'new'), ...docs(1)])).rejects.toThrow(DuplicateDocumentError);
    expect(await store.countDocuments()).toBe(12);
    await store.deleteDocuments(docs(12).map((d) => d.id));
    expect(await store.countDocuments()).toBe(0);
  });

  it('overwrite removes keys the new version no longer has (Chroma upsert merges metadata)', async () => {
    const store = track(newStore());
    await store.writeDocuments([
      { id: 'a', content: 'v1', meta: { keep: 1, drop: 'x', nested: { gone: true } }, embedding: [1, 0] },
    ]);
    await store.writeDocuments([{ id: 'a', content: 'v2', meta: { keep: 2 }, embedding: [0, 1] }], { policy: 'overwrite' });
    const [doc] = await store.filterDocuments();
    expect(doc).toEqual({ id: 'a', content: 'v2', meta: { keep: 2 }, embedding: [0, 1] });
    expect(await store.filterDocuments({ field: 'meta.drop', operator: '==', value: null })).toHaveLength(1);
    expect(await store.filterDocuments({ field: 'meta.nested.gone', operator: '==', value: true })).toHaveLength(0);
  });

  it('validates before writing anything', async () => {
    const store = track(newStore());
    await expect(store.writeDocuments([{ id: 'a', content: 'no embedding', meta: {} }])).rejects.toThrow(InvalidDocumentError);
    await expect(store.writeDocuments([{ id: '', content: 'x', meta: {}, embedding: [1] }])).rejects.toThrow(
      InvalidDocumentError,
    );
    await expect(
      store.writeDocuments([{ id: 'a', content: 'x', meta: { bad: Number.NaN }, embedding: [1] } as unknown as Document]),
    ).rejects.toThrow(InvalidDocumentError);
    expect(await store.countDocuments()).toBe(0);
    // the dimension is learned from the stored records, also by a fresh store object
    await store.writeDocuments([{ id: 'a', content: 'x', meta: {}, embedding: [1, 2] }]);
    const again = new ChromaDocumentStore({ url: chromaUrl(), collectionName: store.collectionName });
    await expect(again.writeDocuments([{ id: 'b', content: 'x', meta: {}, embedding: [1, 2, 3] }])).rejects.toThrow(
      /3 dimensions, the store expects 2/,
    );
  });

  it('serializes to JSON and back through the registry (no client, no headers)', async () => {
    const store = track(newStore({ distanceFunction: 'l2', headers: { 'x-chroma-token': 'secret' } }));
    const json = store.toJSON();
    expect(json).toEqual({
      type: 'chroma.ChromaDocumentStore',
      options: { collectionName: store.collectionName, distanceFunction: 'l2', url: chromaUrl() },
    });
    expect(JSON.stringify(json)).not.toContain('secret');
    await store.writeDocuments(docs(2));
    const copy = defaultRegistry.createStore(json) as ChromaDocumentStore;
    expect(copy).toBeInstanceOf(ChromaDocumentStore);
    expect(ids(await copy.filterDocuments())).toEqual(['d0', 'd1']);
  });

  it('reports an unreachable server as StoreUnavailableError with the URL and a hint', async () => {
    const port = await freePort();
    const store = new ChromaDocumentStore({ host: '127.0.0.1', port, collectionName: 'nowhere' });
    const error = await store.countDocuments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}`);
    expect((error as Error).message).toMatch(/chroma run/);
  });

  it('rejects invalid options', () => {
    expect(() => new ChromaDocumentStore({ collectionName: 'x' })).toThrow(InvalidOptionsError);
    expect(() => new ChromaDocumentStore({ collectionName: 'valid', url: 'ftp://h:1' })).toThrow(InvalidOptionsError);
  });
});
