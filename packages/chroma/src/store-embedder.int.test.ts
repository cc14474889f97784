import {
  type Document,
  defaultRegistry,
  defineComponent,
  InvalidDocumentError,
  InvalidOptionsError,
  SocketSchemas,
} from '@synapse-rag/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dropStore, newStore } from '../test/helpers.js';
import type { ChromaDocumentStore } from './chroma-document-store.js';

// A deterministic bag-of-letters embedding: texts sharing letters are close. Stands in for any
// of the repo's embedders (chroma must not depend on the transformers package).
const letters = (text: string): number[] => {
  const v = [0, 0, 0, 0];
  for (const ch of text.toLowerCase()) v[ch.charCodeAt(0) % 4]! += 1;
  v[3]! += 0.5; // never the zero vector
  return v;
};

const TestTextEmbedder = defineComponent({
  type: 'test.ChromaStoreTextEmbedder',
  inputs: { text: { schema: z.string() } },
  outputs: { embedding: { schema: z.array(z.number()) } },
  run: ({ text }) => ({ embedding: letters(text) }),
});
const TestDocumentEmbedder = defineComponent({
  type: 'test.ChromaStoreDocumentEmbedder',
  inputs: { documents: { schema: SocketSchemas.documents } },
  outputs: { documents: { schema: SocketSchemas.documents } },
  run: ({ documents }) => ({ documents: documents.map((d: Document) => ({ ...d, embedding: letters(d.content) })) }),
});
defaultRegistry.register(TestTextEmbedder).register(TestDocumentEmbedder);

const stores: ChromaDocumentStore[] = [];
const track = (s: ChromaDocumentStore) => {
  stores.push(s);
  return s;
};
afterAll(async () => {
  for (const s of stores) await dropStore(s);
});

const docs: Document[] = [
  { id: 'a', content: 'aaaa', meta: {} },
  { id: 'b', content: 'bbbb', meta: { k: 1 } },
  { id: 'c', content: 'cccc', meta: {}, embedding: [0, 0, 0, 9] },
];

describe('ChromaDocumentStore embedder option', () => {
  it.each([
    ['text embedder', () => new TestTextEmbedder()],
    ['document embedder', () => new TestDocumentEmbedder()],
  ])('embeds documents without embeddings on write and answers text queries (%s)', async (_name, make) => {
    const store = track(newStore({ embedder: make() }));
    const input = structuredClone(docs);
    expect(await store.writeDocuments(input)).toBe(3);
    expect(input[0]!.embedding).toBeUndefined(); // the caller's documents are not modified
    const stored = await store.filterDocuments();
    const byId = new Map(stored.map((d) => [d.id, d]));
    expect(byId.get('a')!.embedding).toEqual(letters('aaaa'));
    expect(byId.get('c')!.embedding).toEqual([0, 0, 0, 9]); // given embeddings are kept
    const hits = await store.textRetrieval({ query: 'bb', topK: 1 });
    expect(hits.map((d) => d.id)).toEqual(['b']);
    const filtered = await store.textRetrieval({
      query: 'bb',
      topK: 3,
      filters: { field: 'meta.k', operator: '==', value: null },
    });
    expect(filtered.map((d) => d.id)).not.toContain('b');
  });

  it('round-trips the embedder through toJSON / the registry', async () => {
    const store = track(newStore({ embedder: new TestDocumentEmbedder() }));
    const json = store.toJSON();
    expect((json.options as Record<string, unknown>).embedder).toEqual({ type: 'test.ChromaStoreDocumentEmbedder', options: {} });
    const copy = defaultRegistry.createStore(json) as ChromaDocumentStore;
    await copy.writeDocuments([{ id: 'x', content: 'abc', meta: {} }]);
    expect((await store.filterDocuments())[0]!.embedding).toEqual(letters('abc'));
  });

  it('without an embedder: documents without embeddings and text queries raise clear errors, store unchanged', async () => {
    const store = track(newStore());
    await expect(store.writeDocuments(docs)).rejects.toThrow(InvalidDocumentError);
    await expect(store.writeDocuments(docs)).rejects.toThrow(/has no embedding/);
    await expect(store.textRetrieval({ query: 'a' })).rejects.toThrow(InvalidOptionsError);
    expect(await store.countDocuments()).toBe(0);
  });

  it('rejects an embedder option that is not an embedder', () => {
    expect(() => newStore({ embedder: { run: async () => ({}) } as never })).toThrow(InvalidOptionsError);
  });
});
