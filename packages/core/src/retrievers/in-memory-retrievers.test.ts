import { describe, expect, it } from 'vitest';
import { defaultRegistry, Registry } from '../component/registry.js';
import type { Document } from '../document.js';
import { FilterError, InvalidOptionsError, SerializationError } from '../errors.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { InMemoryBM25Retriever } from './in-memory-bm25-retriever.js';
import { InMemoryEmbeddingRetriever } from './in-memory-embedding-retriever.js';

const docs: Document[] = [
  { id: 'paris', content: 'Paris is the capital of France', meta: { country: 'fr', year: 2020 }, embedding: [1, 0, 0] },
  { id: 'lyon', content: 'Lyon is a city in France', meta: { country: 'fr', year: 2010 }, embedding: [0.9, 0.1, 0] },
  { id: 'berlin', content: 'Berlin is the capital of Germany', meta: { country: 'de', year: 2020 }, embedding: [0, 1, 0] },
  { id: 'rome', content: 'Rome is the capital of Italy', meta: { country: 'it', year: 2000 }, embedding: [0, 0, 1] },
];

async function store(options: ConstructorParameters<typeof InMemoryDocumentStore>[0] = {}): Promise<InMemoryDocumentStore> {
  const s = new InMemoryDocumentStore(options);
  await s.writeDocuments(docs);
  return s;
}

const ids = (d: Document[]) => d.map((x) => x.id);
const fr = { field: 'meta.country', operator: '==', value: 'fr' } as const;
const y2020 = { field: 'meta.year', operator: '==', value: 2020 } as const;

describe('InMemoryBM25Retriever', () => {
  it('declares the shared socket names', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store() });
    expect(Object.keys(r.inputSockets)).toEqual(['query', 'filters', 'topK']);
    expect(r.inputSockets.filters.optional).toBe(true);
    expect(Object.keys(r.outputSockets)).toEqual(['documents']);
    expect(r.type).toBe('core.InMemoryBM25Retriever');
  });

  it('retrieves with option defaults and run-time overrides of topK and filters', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store(), topK: 2, filters: fr });
    expect(ids((await r.run({ query: 'capital France' })).documents)).toEqual(['paris', 'lyon']);
    expect(ids((await r.run({ query: 'capital France', topK: 1 })).documents)).toEqual(['paris']);
    // replace: run-time filters win
    const replaced = await r.run({ query: 'capital', filters: { field: 'meta.country', operator: '==', value: 'de' } });
    expect(ids(replaced.documents)).toEqual(['berlin']);
  });

  it('filterPolicy merge ANDs init-time and run-time filters', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store(), filters: fr, filterPolicy: 'merge' });
    expect(ids((await r.run({ query: 'capital France city', filters: y2020 })).documents)).toEqual(['paris']);
  });

  it('scaleScore yields scores in (0, 1)', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store(), scaleScore: true });
    const { documents } = await r.run({ query: 'capital' });
    expect(documents.length).toBe(3);
    for (const d of documents) expect(d.score).toBeGreaterThan(0.5);
    for (const d of documents) expect(d.score).toBeLessThan(1);
  });

  it('validates options: store instance, filters, topK', async () => {
    const s = await store();
    expect(() => new InMemoryBM25Retriever({ documentStore: {} as InMemoryDocumentStore })).toThrow(
      /InMemoryDocumentStore instance/,
    );
    expect(() => new InMemoryBM25Retriever({ documentStore: s, filters: { field: 'year', operator: '==', value: 1 } })).toThrow(
      InvalidOptionsError,
    );
    expect(() => new InMemoryBM25Retriever({ documentStore: s, topK: 0 })).toThrow(InvalidOptionsError);
    const r = new InMemoryBM25Retriever({ documentStore: s });
    await expect(r.run({ query: 'x', filters: { field: 'meta.a', operator: '>', value: 'abc' } })).rejects.toThrow(FilterError);
  });

  it('honors an aborted signal', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store() });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      r.run({ query: 'capital' }, { signal: controller.signal, tracer: { onEvent() {} }, componentName: 'r' }),
    ).rejects.toThrow('stop');
  });

  it('round-trips through toJSON and the default registry (named index keeps documents)', async () => {
    const s = await store({ index: 'bm25-retriever-test', bm25Algorithm: 'BM25Plus' });
    const r = new InMemoryBM25Retriever({ documentStore: s, topK: 3, filters: fr, filterPolicy: 'merge', scaleScore: true });
    const json = JSON.parse(JSON.stringify(r.toJSON()));
    expect(json).toEqual({
      type: 'core.InMemoryBM25Retriever',
      options: {
        documentStore: s.toJSON(),
        filters: fr,
        topK: 3,
        scaleScore: true,
        filterPolicy: 'merge',
      },
    });
    const copy = defaultRegistry.createComponent(json) as InMemoryBM25Retriever;
    expect(copy).toBeInstanceOf(InMemoryBM25Retriever);
    expect(copy.toJSON()).toEqual(json);
    expect(await copy.run({ query: 'capital', filters: y2020 })).toEqual(await r.run({ query: 'capital', filters: y2020 }));
    InMemoryDocumentStore.dropIndex('bm25-retriever-test');
  });

  it('a store without an index name is re-created empty', async () => {
    const r = new InMemoryBM25Retriever({ documentStore: await store() });
    const copy = defaultRegistry.createComponent(r.toJSON()) as InMemoryBM25Retriever;
    expect(await copy.options.documentStore.countDocuments()).toBe(0);
  });

  it('factory rejects stores of another type and malformed store JSON', () => {
    const registry = new Registry();
    registry.registerStore('test.OtherStore', () => ({
      writeDocuments: async () => 0,
      filterDocuments: async () => [],
      countDocuments: async () => 0,
      deleteDocuments: async () => {},
      toJSON: () => ({ type: 'test.OtherStore', options: {} }),
    }));
    registry.registerComponent('core.InMemoryBM25Retriever', (o, reg) => InMemoryBM25Retriever.fromJSONOptions(o, reg));
    const other = { type: 'core.InMemoryBM25Retriever', options: { documentStore: { type: 'test.OtherStore', options: {} } } };
    expect(() => registry.createComponent(other)).toThrow(
      /needs an InMemoryDocumentStore, got a store of type "test.OtherStore"/,
    );
    expect(() => defaultRegistry.createComponent(other)).toThrow(SerializationError);
    expect(() => defaultRegistry.createComponent({ type: 'core.InMemoryBM25Retriever', options: {} })).toThrow(
      /must be a serialized store/,
    );
  });
});

describe('InMemoryEmbeddingRetriever', () => {
  it('declares the shared socket names', async () => {
    const r = new InMemoryEmbeddingRetriever({ documentStore: await store() });
    expect(Object.keys(r.inputSockets)).toEqual(['queryEmbedding', 'filters', 'topK']);
    expect(Object.keys(r.outputSockets)).toEqual(['documents']);
    expect(r.type).toBe('core.InMemoryEmbeddingRetriever');
  });

  it('retrieves nearest documents with cosine scores, without embeddings by default', async () => {
    const r = new InMemoryEmbeddingRetriever({ documentStore: await store(), topK: 2 });
    const { documents } = await r.run({ queryEmbedding: [1, 0, 0] });
    expect(ids(documents)).toEqual(['paris', 'lyon']);
    expect(documents[0]!.score).toBe(1);
    expect(documents[1]!.score).toBeCloseTo(0.9 / Math.sqrt(0.82), 12);
    expect(documents[0]!.embedding).toBeUndefined();
    const withEmbeddings = new InMemoryEmbeddingRetriever({ documentStore: r.options.documentStore, returnEmbedding: true });
    expect((await withEmbeddings.run({ queryEmbedding: [1, 0, 0], topK: 1 })).documents[0]!.embedding).toEqual([1, 0, 0]);
  });

  it('run-time topK and filters override options; merge combines', async () => {
    const s = await store();
    const replace = new InMemoryEmbeddingRetriever({ documentStore: s, filters: fr });
    expect(ids((await replace.run({ queryEmbedding: [0, 1, 0], topK: 1 })).documents)).toEqual(['lyon']);
    expect(ids((await replace.run({ queryEmbedding: [0, 1, 0], filters: y2020 })).documents)).toEqual(['berlin', 'paris']);
    const merge = new InMemoryEmbeddingRetriever({ documentStore: s, filters: fr, filterPolicy: 'merge' });
    expect(ids((await merge.run({ queryEmbedding: [0, 1, 0], filters: y2020 })).documents)).toEqual(['paris']);
  });

  it('round-trips through toJSON and the default registry', async () => {
    const s = await store({ index: 'embedding-retriever-test', embeddingSimilarityFunction: 'l2' });
    const r = new InMemoryEmbeddingRetriever({ documentStore: s, topK: 2, scaleScore: true, returnEmbedding: true });
    const json = JSON.parse(JSON.stringify(r.toJSON()));
    expect(json.options).toEqual({
      documentStore: { type: 'core.InMemoryDocumentStore', options: s.options },
      topK: 2,
      scaleScore: true,
      returnEmbedding: true,
      filterPolicy: 'replace',
    });
    const copy = defaultRegistry.createComponent(json) as InMemoryEmbeddingRetriever;
    expect(copy.toJSON()).toEqual(json);
    const q = { queryEmbedding: [0.5, 0.5, 0] };
    expect(await copy.run(q)).toEqual(await r.run(q));
    expect((await copy.run(q)).documents.map((d) => d.score)).toEqual([
      expect.closeTo(1 / (1 + Math.sqrt(0.32)), 12),
      expect.closeTo(1 / (1 + Math.SQRT1_2), 12),
    ]);
    InMemoryDocumentStore.dropIndex('embedding-retriever-test');
  });
});
