import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { DuplicateDocumentError, FilterError, InvalidDocumentError, InvalidOptionsError, SerializationError } from '../errors.js';
import { runStoreConformance } from '../testing/store-conformance.js';
import { InMemoryDocumentStore, type InMemoryDocumentStoreOptions } from './in-memory-document-store.js';

runStoreConformance('InMemoryDocumentStore', {
  createStore: async () => new InMemoryDocumentStore(),
  propertyRuns: 300,
});

runStoreConformance('InMemoryDocumentStore (384 dimensions, named index)', {
  createStore: async () => new InMemoryDocumentStore({ index: `conformance-${Math.random()}` }),
  destroyStore: async (store) => {
    const index = (store as InMemoryDocumentStore).options.index!;
    expect(InMemoryDocumentStore.dropIndex(index)).toBe(true);
  },
  embeddingDimension: 384,
  propertyRuns: 20,
});

const docOf = (id: string, content: string, embedding?: number[], meta: Document['meta'] = {}): Document =>
  embedding === undefined ? { id, content, meta } : { id, content, meta, embedding };

async function storeWith(docs: Document[], options: InMemoryDocumentStoreOptions = {}): Promise<InMemoryDocumentStore> {
  const store = new InMemoryDocumentStore(options);
  await store.writeDocuments(docs);
  return store;
}

const ids = (docs: Document[]) => docs.map((d) => d.id);

describe('InMemoryDocumentStore options', () => {
  it('applies documented defaults', () => {
    expect(new InMemoryDocumentStore().options).toEqual({
      bm25Algorithm: 'BM25L',
      bm25Parameters: { k1: 1.5, b: 0.75, epsilon: 0.25 },
      bm25Tokenization: '[\\p{L}\\p{M}\\p{N}\\p{Pc}]+',
      embeddingSimilarityFunction: 'cosine',
    });
  });

  it('rejects invalid options with InvalidOptionsError', () => {
    expect(() => new InMemoryDocumentStore({ bm25Algorithm: 'BM42' as 'BM25L' })).toThrow(InvalidOptionsError);
    expect(() => new InMemoryDocumentStore({ bm25Tokenization: '(' })).toThrow(/valid regular expression/);
    expect(() => new InMemoryDocumentStore({ bm25Tokenization: '\\w*' })).toThrow(/empty string/);
    expect(() => new InMemoryDocumentStore({ bm25Parameters: { b: 2 } })).toThrow(InvalidOptionsError);
    expect(() => new InMemoryDocumentStore({ unknown: 1 } as InMemoryDocumentStoreOptions)).toThrow(InvalidOptionsError);
  });

  it('round-trips through toJSON and the default registry', async () => {
    const store = new InMemoryDocumentStore({ bm25Algorithm: 'BM25Plus', embeddingSimilarityFunction: 'l2' });
    const json = store.toJSON();
    expect(json).toEqual({ type: 'core.InMemoryDocumentStore', options: store.options });
    const copy = defaultRegistry.createStore(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(InMemoryDocumentStore);
    expect((copy as InMemoryDocumentStore).options).toEqual(store.options);
  });

  it('stores with the same index name share documents; private stores do not', async () => {
    const a = new InMemoryDocumentStore({ index: 'shared-test' });
    await a.writeDocuments([docOf('x', 'hello')]);
    const b = defaultRegistry.createStore(a.toJSON());
    expect(await b.countDocuments()).toBe(1);
    await b.writeDocuments([docOf('y', 'world')]);
    expect(await a.countDocuments()).toBe(2);
    expect(ids(await a.bm25Retrieval({ query: 'world' }))).toEqual(['y']);
    expect(InMemoryDocumentStore.dropIndex('shared-test')).toBe(true);
    expect(await new InMemoryDocumentStore({ index: 'shared-test' }).countDocuments()).toBe(0);
    InMemoryDocumentStore.dropIndex('shared-test');
    const privateStore = new InMemoryDocumentStore();
    await privateStore.writeDocuments([docOf('x', 'hello')]);
    expect(await new InMemoryDocumentStore().countDocuments()).toBe(0);
  });
});

describe('InMemoryDocumentStore writes', () => {
  it('validates ids, content and meta before writing anything', async () => {
    const store = new InMemoryDocumentStore();
    const ok = docOf('ok', 'fine');
    const bad: unknown[] = [
      { id: '', content: 'x', meta: {} },
      { id: 3, content: 'x', meta: {} },
      { id: 'a', content: 5, meta: {} },
      { id: 'a', content: 'x', meta: [] },
      { id: 'a', content: 'x', meta: { when: new Date() } },
      { id: 'a', content: 'x', meta: { n: Number.POSITIVE_INFINITY } },
      { id: 'a', content: 'x', meta: { list: [1, undefined] } },
      { id: 'a', content: 'x', meta: { f: () => 1 } },
      { id: 'a', content: 'x', meta: {}, embedding: 'nope' },
      { id: 'a', content: 'x', meta: {}, embedding: [] },
      null,
    ];
    for (const b of bad) {
      await expect(store.writeDocuments([ok, b as Document])).rejects.toThrow(InvalidDocumentError);
    }
    await expect(store.writeDocuments([docOf('a', 'x', undefined, { when: new Date() as never })])).rejects.toThrow(
      /toISOString/,
    );
    expect(await store.countDocuments()).toBe(0);
  });

  it('drops undefined meta values (like JSON), keeps __proto__ as data, does not store scores', async () => {
    const store = new InMemoryDocumentStore();
    const meta = JSON.parse('{"__proto__": {"polluted": true}, "keep": 1}');
    meta.gone = undefined;
    await store.writeDocuments([{ id: 'a', content: 'x', meta, score: 0.9 }]);
    const [doc] = await store.filterDocuments();
    expect(Object.keys(doc!.meta).sort()).toEqual(['__proto__', 'keep']);
    expect(doc!.score).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await store.filterDocuments({ field: 'meta.__proto__.polluted', operator: '==', value: true })).toHaveLength(1);
    expect(await store.filterDocuments({ field: 'meta.constructor', operator: '!=', value: null })).toHaveLength(0);
  });

  it('DuplicateDocumentError lists every clashing id (stored and repeated in the batch)', async () => {
    const store = await storeWith([docOf('a', '1'), docOf('b', '2')]);
    const error = await store
      .writeDocuments([docOf('c', '3'), docOf('c', '3'), docOf('b', '2'), docOf('a', '1')])
      .catch((e) => e);
    expect(error).toBeInstanceOf(DuplicateDocumentError);
    expect([...(error as DuplicateDocumentError).ids].sort()).toEqual(['a', 'b', 'c']);
    expect(await store.countDocuments()).toBe(2);
  });

  it('accepts typed-array embeddings (stored as number[])', async () => {
    const store = new InMemoryDocumentStore();
    await store.writeDocuments([
      { id: 'f', content: 'x', meta: {}, embedding: Float32Array.from([0.5, 0.25]) as unknown as number[] },
    ]);
    expect((await store.filterDocuments())[0]!.embedding).toEqual([0.5, 0.25]);
  });

  it('rejects an unknown policy', async () => {
    await expect(new InMemoryDocumentStore().writeDocuments([], { policy: 'merge' as 'skip' })).rejects.toThrow(
      InvalidOptionsError,
    );
  });

  it('fixes the embedding dimension with the first embedding and releases it when none is left', async () => {
    const store = await storeWith([docOf('a', 'x', [1, 2]), docOf('b', 'no embedding')]);
    expect(store.embeddingDimension).toBe(2);
    await expect(store.writeDocuments([docOf('c', 'y', [1, 2, 3])])).rejects.toThrow(/3 dimensions, the store expects 2/);
    await store.deleteDocuments(['a']);
    expect(store.embeddingDimension).toBeUndefined();
    await store.writeDocuments([docOf('c', 'y', [1, 2, 3])]);
    expect(store.embeddingDimension).toBe(3);
  });
});

describe('InMemoryDocumentStore.bm25Retrieval', () => {
  const corpus = [
    docOf('paris', 'Paris is the capital of France', undefined, { country: 'fr' }),
    docOf('berlin', 'Berlin is the capital of Germany', undefined, { country: 'de' }),
    docOf('lyon', 'Lyon is a large city in France', undefined, { country: 'fr' }),
    docOf('cheese', 'France produces many kinds of cheese', undefined, { country: 'fr' }),
    docOf('empty', ''),
  ];

  it('ranks the most relevant document first', async () => {
    const store = await storeWith(corpus);
    const result = await store.bm25Retrieval({ query: 'capital of France' });
    expect(result[0]?.id).toBe('paris');
    expect(ids(result).slice(1, 2)).toEqual(['berlin']);
    expect(new Set(ids(result))).toEqual(new Set(['paris', 'berlin', 'lyon', 'cheese']));
    for (let i = 1; i < result.length; i++) expect(result[i - 1]!.score!).toBeGreaterThanOrEqual(result[i]!.score!);
  });

  it('returns nothing when no query term occurs, or the query has no terms', async () => {
    const store = await storeWith(corpus);
    expect(await store.bm25Retrieval({ query: 'zebra unicorn' })).toEqual([]);
    expect(await store.bm25Retrieval({ query: '  ?!  ' })).toEqual([]);
    expect(await new InMemoryDocumentStore().bm25Retrieval({ query: 'anything' })).toEqual([]);
  });

  it('honors topK and filters (corpus statistics stay global)', async () => {
    const store = await storeWith(corpus);
    expect(ids(await store.bm25Retrieval({ query: 'France', topK: 2 }))).toHaveLength(2);
    const filtered = await store.bm25Retrieval({
      query: 'capital',
      filters: { field: 'meta.country', operator: '==', value: 'de' },
    });
    expect(ids(filtered)).toEqual(['berlin']);
    const unfiltered = await store.bm25Retrieval({ query: 'capital' });
    expect(filtered[0]!.score).toBeCloseTo(unfiltered.find((d) => d.id === 'berlin')!.score!, 12);
    await expect(store.bm25Retrieval({ query: 'x', topK: 0 })).rejects.toThrow(InvalidOptionsError);
    await expect(store.bm25Retrieval({ query: 'x', filters: { field: 'year', operator: '==', value: 1 } })).rejects.toThrow(
      FilterError,
    );
  });

  // Corpus: a = "cat cat dog" (3 terms), b = "dog bird" (2), c = "fish" (1): N = 3, avgdl = 2.
  const tiny = [docOf('a', 'cat cat dog'), docOf('b', 'dog bird'), docOf('c', 'fish')];
  const normA = 1 - 0.75 + (0.75 * 3) / 2; // 1.375

  it('BM25L scores match the formula (k1 1.5, b 0.75, delta 0.5)', async () => {
    const store = await storeWith(tiny);
    const [hit, ...rest] = await store.bm25Retrieval({ query: 'cat' });
    const ctd = 2 / normA;
    expect(hit?.id).toBe('a');
    expect(rest).toEqual([]);
    expect(hit!.score).toBeCloseTo((Math.log(4 / 1.5) * 2.5 * (ctd + 0.5)) / (1.5 + ctd + 0.5), 10);
  });

  it('BM25Okapi scores match the formula', async () => {
    const store = await storeWith(tiny, { bm25Algorithm: 'BM25Okapi' });
    const [hit] = await store.bm25Retrieval({ query: 'cat' });
    expect(hit!.score).toBeCloseTo((Math.log(2.5 / 1.5) * 2 * 2.5) / (2 + 1.5 * normA), 10);
  });

  it('BM25Plus scores match the formula (delta 1)', async () => {
    const store = await storeWith(tiny, { bm25Algorithm: 'BM25Plus' });
    const [hit] = await store.bm25Retrieval({ query: 'cat' });
    expect(hit!.score).toBeCloseTo(Math.log(4 / 1) * ((2 * 2.5) / (2 + 1.5 * normA) + 1), 10);
  });

  it('scaleScore maps to sigmoid(score / 8)', async () => {
    const store = await storeWith(tiny);
    const [raw] = await store.bm25Retrieval({ query: 'cat' });
    const [scaled] = await store.bm25Retrieval({ query: 'cat', scaleScore: true });
    expect(scaled!.score).toBeCloseTo(1 / (1 + Math.exp(-raw!.score! / 8)), 12);
  });

  it('ranks a document with both query terms above one with one', async () => {
    const store = await storeWith(tiny);
    expect(ids(await store.bm25Retrieval({ query: 'bird dog' }))).toEqual(['b', 'a']);
  });

  it('keeps the index up to date on overwrite and delete', async () => {
    const store = await storeWith(tiny);
    expect(ids(await store.bm25Retrieval({ query: 'fish' }))).toEqual(['c']);
    await store.writeDocuments([docOf('c', 'turtle')], { policy: 'overwrite' });
    expect(await store.bm25Retrieval({ query: 'fish' })).toEqual([]);
    expect(ids(await store.bm25Retrieval({ query: 'turtle' }))).toEqual(['c']);
    await store.deleteDocuments(['a']);
    expect(ids(await store.bm25Retrieval({ query: 'cat dog' }))).toEqual(['b']);
    // Statistics equal those of a store built from scratch with the same documents.
    const fresh = await storeWith([docOf('b', 'dog bird'), docOf('c', 'turtle')]);
    expect((await store.bm25Retrieval({ query: 'dog' }))[0]!.score).toBeCloseTo(
      (await fresh.bm25Retrieval({ query: 'dog' }))[0]!.score!,
      12,
    );
  });

  it('compacts deleted postings and keeps scores identical to a freshly built index', async () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const many = Array.from({ length: 900 }, (_, i) => docOf(`m${i}`, `${words[i % 5]} ${words[(i * 3) % 5]} common w${i}`));
    const store = await storeWith(many);
    await store.bm25Retrieval({ query: 'alpha' }); // builds the index
    await store.deleteDocuments(many.slice(0, 800).map((d) => d.id)); // > 1024 dead entries: compaction
    await store.writeDocuments([docOf('late', 'alpha alpha late')]);
    const fresh = await storeWith([...many.slice(800), docOf('late', 'alpha alpha late')]);
    for (const query of ['alpha', 'common gamma', 'late', 'w850 beta']) {
      expect(await store.bm25Retrieval({ query, topK: 200 })).toEqual(await fresh.bm25Retrieval({ query, topK: 200 }));
    }
  });

  it('tokenizes Unicode: case, accents in either normal form, non-Latin scripts', async () => {
    const store = await storeWith([
      docOf('fr', 'Un CAFÉ crème'),
      docOf('de', 'Die Straße'),
      docOf('ru', 'Привет мир'),
      docOf('nfd', 'cafe\u0301 noir'),
    ]);
    expect(new Set(ids(await store.bm25Retrieval({ query: 'café' })))).toEqual(new Set(['fr', 'nfd']));
    expect(ids(await store.bm25Retrieval({ query: 'STRASSE straße' }))).toEqual(['de']);
    expect(ids(await store.bm25Retrieval({ query: 'мир' }))).toEqual(['ru']);
  });

  it('uses a custom tokenization pattern', async () => {
    const store = await storeWith([docOf('x', 'foo-bar baz')], { bm25Tokenization: '[^\\s]+' });
    expect(ids(await store.bm25Retrieval({ query: 'foo-bar' }))).toEqual(['x']);
    expect(await store.bm25Retrieval({ query: 'foo' })).toEqual([]);
  });
});

describe('InMemoryDocumentStore.embeddingRetrieval', () => {
  const vectors = [
    docOf('a', 'east', [1, 0], { side: 'right' }),
    docOf('b', 'north', [0, 1], { side: 'up' }),
    docOf('c', 'north-east', [1, 1], { side: 'right' }),
    docOf('d', 'west', [-1, 0], { side: 'left' }),
    docOf('e', 'far east', [3, 0], { side: 'right' }),
    docOf('n', 'no embedding'),
  ];

  it('cosine: similarity in [-1, 1], best first, ties by id', async () => {
    const store = await storeWith(vectors);
    const result = await store.embeddingRetrieval({ queryEmbedding: [2, 0] });
    expect(ids(result)).toEqual(['a', 'e', 'c', 'b', 'd']);
    expect(result.map((d) => d.score)).toEqual([1, 1, expect.closeTo(Math.SQRT1_2, 12), 0, -1]);
    const scaled = await store.embeddingRetrieval({ queryEmbedding: [2, 0], scaleScore: true });
    expect(scaled.map((d) => d.score)).toEqual([1, 1, expect.closeTo((Math.SQRT1_2 + 1) / 2, 12), 0.5, 0]);
  });

  it('dot_product: raw dot products, scaled with sigmoid(s / 100)', async () => {
    const store = await storeWith(vectors, { embeddingSimilarityFunction: 'dot_product' });
    const result = await store.embeddingRetrieval({ queryEmbedding: [2, 0] });
    expect(ids(result)).toEqual(['e', 'a', 'c', 'b', 'd']);
    expect(result.map((d) => d.score)).toEqual([6, 2, 2, 0, -2]);
    const scaled = await store.embeddingRetrieval({ queryEmbedding: [2, 0], scaleScore: true, topK: 1 });
    expect(scaled[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-0.06)), 12);
  });

  it('l2: distances sorted ascending; scaled to 1 / (1 + distance)', async () => {
    const store = await storeWith(vectors, { embeddingSimilarityFunction: 'l2' });
    const result = await store.embeddingRetrieval({ queryEmbedding: [2, 0] });
    expect(ids(result)).toEqual(['a', 'e', 'c', 'b', 'd']);
    expect(result.map((d) => d.score)).toEqual([1, 1, expect.closeTo(Math.SQRT2, 12), expect.closeTo(Math.sqrt(5), 12), 3]);
    const scaled = await store.embeddingRetrieval({ queryEmbedding: [2, 0], scaleScore: true });
    expect(scaled.map((d) => d.score)).toEqual([0.5, 0.5, expect.closeTo(1 / (1 + Math.SQRT2), 12), expect.anything(), 0.25]);
  });

  it('honors topK, filters and returnEmbedding', async () => {
    const store = await storeWith(vectors);
    expect(ids(await store.embeddingRetrieval({ queryEmbedding: [0, 1], topK: 2 }))).toEqual(['b', 'c']);
    const filtered = await store.embeddingRetrieval({
      queryEmbedding: [0, 1],
      filters: { field: 'meta.side', operator: '==', value: 'right' },
    });
    expect(ids(filtered)).toEqual(['c', 'a', 'e']);
    expect(filtered[0]!.embedding).toBeUndefined();
    const withEmbedding = await store.embeddingRetrieval({ queryEmbedding: [0, 1], topK: 1, returnEmbedding: true });
    expect(withEmbedding[0]!.embedding).toEqual([0, 1]);
    withEmbedding[0]!.embedding![0] = 42;
    expect((await store.embeddingRetrieval({ queryEmbedding: [0, 1], topK: 1, returnEmbedding: true }))[0]!.embedding).toEqual([
      0, 1,
    ]);
  });

  it('treats cosine with a zero vector as 0', async () => {
    const store = await storeWith([docOf('z', 'zero', [0, 0]), docOf('a', 'a', [1, 0])]);
    const result = await store.embeddingRetrieval({ queryEmbedding: [1, 0] });
    expect(result.map((d) => [d.id, d.score])).toEqual([
      ['a', 1],
      ['z', 0],
    ]);
  });

  it('rejects query embeddings of the wrong dimension or with non-finite values', async () => {
    const store = await storeWith(vectors);
    await expect(store.embeddingRetrieval({ queryEmbedding: [1, 0, 0] })).rejects.toThrow(InvalidDocumentError);
    await expect(store.embeddingRetrieval({ queryEmbedding: [1, Number.NaN] })).rejects.toThrow(InvalidDocumentError);
    await expect(store.embeddingRetrieval({ queryEmbedding: [] })).rejects.toThrow(InvalidDocumentError);
    expect(await new InMemoryDocumentStore().embeddingRetrieval({ queryEmbedding: [1, 0, 0] })).toEqual([]);
  });

  it('selects the exact top k from a larger corpus (heap selection agrees with a full sort)', async () => {
    const docs = Array.from({ length: 500 }, (_, i) =>
      docOf(`d${String(i).padStart(3, '0')}`, 'x', [Math.cos(i), Math.sin(i), (i % 7) / 7]),
    );
    const store = await storeWith(docs, { embeddingSimilarityFunction: 'dot_product' });
    const all = await store.embeddingRetrieval({ queryEmbedding: [0.3, -0.2, 1], topK: 500 });
    const top = await store.embeddingRetrieval({ queryEmbedding: [0.3, -0.2, 1], topK: 17 });
    expect(ids(top)).toEqual(ids(all).slice(0, 17));
    const expected = docs
      .map((d) => ({ id: d.id, s: 0.3 * d.embedding![0]! - 0.2 * d.embedding![1]! + d.embedding![2]! }))
      .sort((x, y) => y.s - x.s || (x.id < y.id ? -1 : 1))
      .slice(0, 17)
      .map((x) => x.id);
    expect(ids(top)).toEqual(expected);
  });
});

describe('InMemoryDocumentStore files', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('saveToFile / loadFromFile keep options, documents and embeddings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-store-'));
    dirs.push(dir);
    const store = await storeWith([docOf('a', 'hello world', [0.1, 0.2], { n: { deep: [1, null] } }), docOf('b', 'plain')], {
      bm25Algorithm: 'BM25Okapi',
    });
    const path = join(dir, 'store.json');
    await store.saveToFile(path);
    const loaded = await InMemoryDocumentStore.loadFromFile(path);
    expect(loaded.options).toEqual(store.options);
    expect(await loaded.filterDocuments()).toEqual(await store.filterDocuments());
    expect(await loaded.bm25Retrieval({ query: 'hello' })).toEqual(await store.bm25Retrieval({ query: 'hello' }));
    await writeFile(join(dir, 'bad.json'), '{"format":"other"}');
    await expect(InMemoryDocumentStore.loadFromFile(join(dir, 'bad.json'))).rejects.toThrow(SerializationError);
    await expect(InMemoryDocumentStore.loadFromFile(join(dir, 'missing.json'))).rejects.toThrow(SerializationError);
  });
});
