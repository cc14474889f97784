import type { Document } from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';

describe('ChromaDocumentStore.exportDocuments', () => {
  let store: ChromaDocumentStore;
  const docs: Document[] = Array.from({ length: 53 }, (_, i) => ({
    id: `doc-${String(i).padStart(3, '0')}`,
    content: `content ${i}`,
    meta: { i, group: i % 3, nested: { odd: i % 2 === 1 }, tags: [String(i)] },
    embedding: [Math.sin(i), Math.cos(i), i / 64],
  }));

  beforeAll(async () => {
    store = newStore({ batchSize: 20 });
    // shuffled writes in small batches: the server's order is not the input order
    const shuffled = [...docs].sort((a, b) => (a.id.split('').reverse().join() < b.id.split('').reverse().join() ? -1 : 1));
    for (let i = 0; i < shuffled.length; i += 7) await store.writeDocuments(shuffled.slice(i, i + 7));
  });
  afterAll(() => dropStore(store));

  it('pages through every record with embeddings, each exactly once, matched by id', async () => {
    const pages: Document[][] = [];
    for await (const page of store.exportDocuments({ batchSize: 10 })) pages.push(page);
    expect(pages.length).toBe(6);
    expect(pages.slice(0, 5).every((p) => p.length === 10)).toBe(true);
    const seen = new Map(pages.flat().map((d) => [d.id, d]));
    expect(seen.size).toBe(docs.length);
    for (const expected of docs) {
      const actual = seen.get(expected.id)!;
      expect(actual.content).toBe(expected.content);
      expect(actual.meta).toEqual(expected.meta);
      actual.embedding!.forEach((v, j) => {
        expect(v).toBeCloseTo(expected.embedding![j]!, 6);
      });
    }
  });

  it('caps the page size at the store batch size, can skip embeddings and filter', async () => {
    const pages: Document[][] = [];
    for await (const page of store.exportDocuments({
      batchSize: 1000,
      includeEmbeddings: false,
      filters: { field: 'meta.group', operator: '==', value: 1 },
    })) {
      pages.push(page);
    }
    expect(pages.every((p) => p.length <= 20)).toBe(true);
    const all = pages.flat();
    expect(all.map((d) => d.id).sort()).toEqual(docs.filter((d) => d.meta.group === 1).map((d) => d.id));
    expect(all.every((d) => d.embedding === undefined)).toBe(true);
  });

  it('resumes from an offset: the pages after it complete the set', async () => {
    const head: string[] = [];
    for await (const page of store.exportDocuments({ batchSize: 10 })) {
      head.push(...page.map((d) => d.id));
      if (head.length >= 20) break;
    }
    const tail: string[] = [];
    for await (const page of store.exportDocuments({ batchSize: 10, offset: 20 })) tail.push(...page.map((d) => d.id));
    expect([...head, ...tail].sort()).toEqual(docs.map((d) => d.id));
  });

  it('fetches by ids in any order, matching rows by the returned ids', async () => {
    const wanted = ['doc-052', 'doc-000', 'missing', 'doc-031', 'doc-000'];
    const found = await store.getDocumentsByIds(wanted);
    expect([...found.keys()].sort()).toEqual(['doc-000', 'doc-031', 'doc-052']);
    for (const id of found.keys()) {
      const expected = docs.find((d) => d.id === id)!;
      expect(found.get(id)!.meta).toEqual(expected.meta);
      expect(found.get(id)!.embedding![0]).toBeCloseTo(expected.embedding![0]!, 6);
    }
    expect((await store.getDocumentsByIds([])).size).toBe(0);
  });

  it('stops early when the consumer breaks, and honors an aborted signal', async () => {
    let pages = 0;
    for await (const _ of store.exportDocuments({ batchSize: 5 })) {
      pages++;
      if (pages === 2) break;
    }
    expect(pages).toBe(2);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(store.exportDocuments({ signal: controller.signal }).next()).rejects.toThrow('stop');
  });
});
