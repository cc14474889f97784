import { compileFilter, type Document, type Filter, FilterError, type FilterScalar, type Meta } from '@synapse-rag/core';
import { filterArbitrary } from '@synapse-rag/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromaUrl, dropStore, newStore } from '../test/helpers.js';
import { ChromaDocumentStore } from './chroma-document-store.js';

/**
 * Differential test on a corpus built to hit Chroma's quirks: integers next to floats (Chroma
 * truncates float operands against integer metadata), booleans next to 0/1, strings that look
 * like numbers or encoded values, nulls, lists, nested objects and dates with offsets.
 */
const VALUES: Array<Meta[string] | undefined> = [
  undefined,
  null,
  0,
  1,
  -1,
  2,
  -2,
  1.5,
  -1.5,
  0.5,
  -0.5,
  2.25,
  true,
  false,
  '1',
  '1.5',
  '',
  'x',
  'synapse:json:null',
  '2024-01-01',
  '2024-01-01T01:00:00+01:00',
  '2023-12-31T23:30:00Z',
  [1],
  [],
  { k: 1 },
  { k: 1.5, j: 'x' },
  {},
];
const OPERANDS: FilterScalar[] = [
  0,
  1,
  -1,
  2,
  1.5,
  -1.5,
  0.5,
  -0.5,
  2.25,
  0.4,
  -0.6,
  true,
  false,
  '1',
  '',
  'x',
  'synapse:json:null',
  null,
];
const ORDERABLE: Array<number | string> = [
  0,
  1,
  -1,
  1.5,
  -1.5,
  0.5,
  -0.5,
  0.4,
  -0.6,
  2,
  '2024-01-01T00:00:00Z',
  '2023-12-31T23:30:00Z',
  '2024-01-01',
];
const FIELDS = ['meta.a', 'meta.b', 'meta.c.k', 'meta.c', 'id', 'content'];
/** Random filters over this corpus's fields and operands. */
const corpusFilters = () => filterArbitrary({ fields: FIELDS, scalars: OPERANDS, orderable: ORDERABLE });

/** Sorted ids: stores return documents in no particular order. */
const ids = (list: readonly Document[]) => list.map((d) => d.id).sort();

function corpus(): Document[] {
  const docs: Document[] = [];
  let i = 0;
  for (const a of VALUES) {
    const meta: Meta = {};
    if (a !== undefined) meta.a = a;
    const b = VALUES[(i * 7 + 3) % VALUES.length];
    if (b !== undefined) meta.b = b;
    const c = VALUES[(i * 5 + 11) % VALUES.length];
    if (c !== undefined) meta.c = c;
    docs.push({
      id: i % 4 === 0 ? `2024-01-0${(i % 9) + 1}` : `d${i}`,
      content: i % 3 === 0 ? '' : `text ${i % 5}`,
      meta,
      embedding: [1, i + 1],
    });
    i++;
  }
  return docs;
}

describe('Chroma filter semantics against the reference evaluator', () => {
  let store: ChromaDocumentStore;
  const docs = corpus();
  const expected = (filter: Filter) => ids(docs.filter(compileFilter(filter)));

  beforeAll(async () => {
    store = newStore();
    await store.writeDocuments(docs);
  });
  afterAll(() => dropStore(store));

  it('numeric operands next to integer and float metadata (Chroma truncates float operands)', async () => {
    for (const value of [1.5, -1.5, 0.5, -0.5, 0.4, -0.6, 1, -1]) {
      for (const operator of ['==', '!=', '>', '>=', '<', '<='] as const) {
        const filter: Filter = { field: 'meta.a', operator, value };
        expect(ids(await store.filterDocuments(filter)), JSON.stringify(filter)).toEqual(expected(filter));
      }
      for (const operator of ['in', 'not in'] as const) {
        const filter: Filter = { field: 'meta.a', operator, value: [value, 2, 'x'] };
        expect(ids(await store.filterDocuments(filter)), JSON.stringify(filter)).toEqual(expected(filter));
      }
    }
  });

  it('agrees on random filters (property)', async () => {
    await fc.assert(
      fc.asyncProperty(corpusFilters(), async (filter) => {
        expect(ids(await store.filterDocuments(filter))).toEqual(expected(filter));
      }),
      { numRuns: 120 },
    );
  });
});

describe('records written by other tools', () => {
  it('are read verbatim, positive filters work, shadow-key filters are refused with FilterError', async () => {
    const store = newStore();
    try {
      const collection = await store.getCollection();
      await collection.add({
        ids: ['foreign'],
        embeddings: [[1, 0]],
        documents: ['legacy'],
        metadatas: [{ lang: 'en', 'a.b': 1 }],
      });
      await store.writeDocuments([{ id: 'mine', content: 'new', meta: { lang: 'fr' }, embedding: [0, 1] }]);
      const all = await store.filterDocuments();
      expect(all.find((d) => d.id === 'foreign')).toEqual({
        id: 'foreign',
        content: 'legacy',
        meta: { lang: 'en', 'a.b': 1 },
        embedding: [1, 0],
      });
      expect(ids(await store.filterDocuments({ field: 'meta.lang', operator: '==', value: 'en' }))).toEqual(['foreign']);
      expect(ids(await store.filterDocuments({ field: 'meta.lang', operator: '!=', value: 'en' }))).toEqual(['mine']);
      expect(ids(await store.filterDocuments({ field: 'content', operator: '==', value: 'legacy' }))).toEqual(['foreign']);
      await expect(store.filterDocuments({ field: 'meta.lang', operator: '==', value: null })).rejects.toThrow(FilterError);
      await expect(store.filterDocuments({ field: 'id', operator: '!=', value: 'mine' })).rejects.toThrow(
        /not written by Synapse/,
      );
      // opting out of the check runs the query (the foreign record's answer is then unreliable)
      const trusting = new ChromaDocumentStore({
        url: chromaUrl(),
        collectionName: store.collectionName,
        skipForeignRecordCheck: true,
      });
      expect(ids(await trusting.filterDocuments({ field: 'meta.lang', operator: '!=', value: null }))).toEqual(['mine']);
    } finally {
      await dropStore(store);
    }
  });
});
