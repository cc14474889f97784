import { describe, expect, it, vi } from 'vitest';
import { check, concat, increment, label, router, testRegistry, upper } from '../../test/pipeline-components.js';
import { defaultRegistry, Registry } from '../component/registry.js';
import { DocumentJoiner } from '../components/document-joiner.js';
import { createDocument, type Document } from '../document.js';
import { SerializationError } from '../errors.js';
import { InMemoryBM25Retriever } from '../retrievers/in-memory-bm25-retriever.js';
import { InMemoryEmbeddingRetriever } from '../retrievers/in-memory-embedding-retriever.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { Pipeline } from './pipeline.js';

function build(): Pipeline {
  return new Pipeline({ metadata: { owner: 'search-team', version: 3 }, maxRunsPerComponent: 20 })
    .addComponent('route', router({ threshold: 10 }))
    .addComponent('small', label({ name: 'small' }))
    .addComponent('big', label({ name: 'big' }))
    .addComponent('shout', upper({ suffix: '!' }))
    .addComponent('join', concat({ separator: ' & ' }))
    .addComponent('inc', increment({ step: 2 }))
    .addComponent('check', check({ limit: 6 }))
    .connect('route.low', 'small')
    .connect('route.high', 'big')
    .connect('small', 'shout')
    .connect('shout', 'join')
    .connect('big', 'join')
    .connect('inc.value', 'check.value')
    .connect('check.again', 'inc.values');
}

function catchSerialization(fn: () => unknown): SerializationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SerializationError);
    return error as SerializationError;
  }
  throw new Error('expected a SerializationError');
}

describe('Pipeline serialization', () => {
  const registry = testRegistry();

  it('toJSON lists components and fully qualified connections', () => {
    const json = build().toJSON();
    expect(json.metadata).toEqual({ owner: 'search-team', version: 3 });
    expect(json.maxRunsPerComponent).toBe(20);
    expect(json.components['join']).toEqual({ type: 'test.Concat', options: { separator: ' & ' } });
    expect(json.connections[0]).toEqual({ sender: 'route.low', receiver: 'small.value' });
    expect(json.connections).toHaveLength(7);
  });

  it('round-trips through JSON and YAML with equal toJSON and equal results', async () => {
    const original = build();
    const fromJson = Pipeline.fromJSON(JSON.parse(JSON.stringify(original.toJSON())), { registry });
    const fromYaml = Pipeline.loads(original.dumps(), { registry });
    expect(fromJson.toJSON()).toEqual(original.toJSON());
    expect(fromYaml.toJSON()).toEqual(original.toJSON());
    expect(fromYaml.dumps()).toBe(original.dumps());
    for (const value of [3, 42]) {
      const inputs = { route: { value }, inc: { values: 0 } };
      const expected = await original.run(inputs);
      expect(expected['check']).toEqual({ done: 6 });
      expect(await fromJson.run(inputs)).toEqual(expected);
      expect(await fromYaml.run(inputs)).toEqual(expected);
    }
  });

  it('YAML is readable', () => {
    const yaml = build().dumps();
    expect(yaml).toContain('maxRunsPerComponent: 20');
    expect(yaml).toContain('  join:\n    type: test.Concat\n    options:\n      separator: " & "');
    expect(yaml).toContain('- sender: route.low\n    receiver: small.value');
  });

  it('fills in optional top-level fields', () => {
    const p = Pipeline.fromJSON({ components: { a: { type: 'test.Upper' } } }, { registry });
    expect(p.toJSON()).toEqual({
      metadata: {},
      maxRunsPerComponent: 100,
      components: { a: { type: 'test.Upper', options: {} } },
      connections: [],
    });
  });

  it('reports malformed definitions with a path', () => {
    const missing = catchSerialization(() => Pipeline.fromJSON({ connections: [] }, { registry }));
    expect(missing.message).toContain('components: ');
    expect(missing.details['path']).toBe('components');
    const badType = catchSerialization(() => Pipeline.fromJSON({ components: { a: { type: 7 } } }, { registry }));
    expect(badType.details['path']).toBe('components.a.type');
    const badConn = catchSerialization(() =>
      Pipeline.fromJSON({ components: {}, connections: [{ sender: 'a.x' }] }, { registry }),
    );
    expect(badConn.details['path']).toBe('connections[0].receiver');
    const extra = catchSerialization(() => Pipeline.fromJSON({ components: {}, conections: [] }, { registry }));
    expect(extra.message).toContain('conections');
    expect(catchSerialization(() => Pipeline.fromJSON('nope', { registry })).message).toContain('Invalid pipeline definition');
  });

  it('reports unknown types, bad options and bad connections at their path', () => {
    const unknown = catchSerialization(() => Pipeline.fromJSON({ components: { a: { type: 'test.Nope' } } }, { registry }));
    expect(unknown.message).toContain('at components.a: Unknown component type "test.Nope"');
    expect(unknown.message).toContain('test.Concat');
    const strict = new Registry().registerComponent('test.Strict', () => {
      throw new Error('limit must be positive');
    });
    const badOptions = catchSerialization(() =>
      Pipeline.fromJSON({ components: { s: { type: 'test.Strict' } } }, { registry: strict }),
    );
    expect(badOptions.message).toContain('at components.s: limit must be positive');
    expect((badOptions.cause as Error).message).toBe('limit must be positive');
    const badWire = catchSerialization(() =>
      Pipeline.fromJSON(
        {
          components: { a: { type: 'test.Upper' }, b: { type: 'test.Router', options: { threshold: 1 } } },
          connections: [{ sender: 'a.text', receiver: 'b.value' }],
        },
        { registry },
      ),
    );
    expect(badWire.details['path']).toBe('connections[0]');
    expect(badWire.message).toContain('a.text (string) to b.value (number): the types are incompatible');
    const dotted = catchSerialization(() => Pipeline.fromJSON({ components: { 'a.b': { type: 'test.Upper' } } }, { registry }));
    expect(dotted.message).toContain('must not contain dots');
  });

  it('reports malformed YAML', () => {
    const error = catchSerialization(() => Pipeline.loads('components: [unclosed', { registry }));
    expect(error.message).toMatch(/^Invalid pipeline YAML/);
  });
});

/** The README's pipeline ("A pipeline in a few lines" = examples/in-memory-hybrid.ts). */
async function readmePipeline() {
  const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
  await store.writeDocuments([
    createDocument({ content: 'Paris is the capital of France.', meta: { topic: 'geo' }, embedding: [0.9, 0.1] }),
    createDocument({ content: 'Plants turn light into sugar.', meta: { topic: 'bio' }, embedding: [0.1, 0.9] }),
  ]);
  const pipeline = new Pipeline()
    .addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 5 }))
    .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 5 }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
    .connect('vector', 'joiner')
    .connect('keyword', 'joiner');
  return { store, pipeline };
}

const readmeInputs = { queryEmbedding: [1, 0], query: 'capital of France' };

async function joined(pipeline: Pipeline): Promise<Document[]> {
  const result = (await pipeline.run(readmeInputs)) as { joiner?: { documents: Document[] } };
  return result.joiner?.documents ?? [];
}

/** The store a loaded component holds. */
const storeOf = (p: Pipeline, name: string): unknown =>
  (p.getComponent(name) as unknown as { options: { documentStore: unknown } }).options.documentStore;

describe('Pipeline serialization: stores', () => {
  it('the README pipeline saved with its documents loads and returns the same documents', async () => {
    const { pipeline } = await readmePipeline();
    const expected = await joined(pipeline);
    expect(expected.map((d) => d.content)).toEqual(['Paris is the capital of France.', 'Plants turn light into sugar.']);
    const loaded = Pipeline.loads(pipeline.dumps({ includeDocuments: true }));
    expect(await joined(loaded)).toEqual(expected);
  });

  it('a store shared by two components is written once and is ONE store after loading', async () => {
    const { store, pipeline } = await readmePipeline();
    const json = pipeline.toJSON({ includeDocuments: true });
    expect(Object.keys(json.stores ?? {})).toEqual(['documentStore']);
    expect(json.stores?.['documentStore']).toEqual({ ...store.toJSON(), documents: store.snapshotDocuments() });
    expect(json.components['vector']?.options['documentStore']).toEqual({ $store: 'documentStore' });
    expect(json.components['keyword']?.options['documentStore']).toEqual({ $store: 'documentStore' });
    const loaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(json)));
    const shared = storeOf(loaded, 'vector');
    expect(shared).toBeInstanceOf(InMemoryDocumentStore);
    expect(shared).not.toBe(store);
    expect(storeOf(loaded, 'keyword')).toBe(shared);
    // one store: a document written after loading is found by both retrievers
    await (shared as InMemoryDocumentStore).writeDocuments([
      createDocument({ id: 'new', content: 'France has a capital.', embedding: [1, 0] }),
    ]);
    const keyword = loaded.getComponent('keyword') as InMemoryBM25Retriever;
    const vector = loaded.getComponent('vector') as InMemoryEmbeddingRetriever;
    expect((await keyword.run({ query: 'France has' })).documents.map((d) => d.id)).toContain('new');
    expect((await vector.run({ queryEmbedding: [1, 0] })).documents[0]?.id).toBe('new');
    expect(loaded.toJSON().stores).toEqual({ documentStore: store.toJSON() });
  });

  it('without includeDocuments, dumps warns that the documents are not saved (and false silences it)', async () => {
    const { pipeline } = await readmePipeline();
    const warnings: string[] = [];
    const loaded = Pipeline.loads(pipeline.dumps({ onWarning: (m) => warnings.push(m) }));
    expect(warnings).toEqual([
      'Pipeline.toJSON / dumps: store "documentStore" (core.InMemoryDocumentStore, used by vector, keyword) holds 2 document(s) that are NOT saved; the loaded pipeline starts with an empty store. Pass { includeDocuments: true } to save them with the pipeline, or { includeDocuments: false } to leave them out without this warning.',
    ]);
    expect(await joined(loaded)).toEqual([]);
    expect(storeOf(loaded, 'keyword')).toBe(storeOf(loaded, 'vector'));
    pipeline.dumps({ includeDocuments: false, onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      pipeline.toJSON();
      JSON.stringify(pipeline);
      expect(emit.mock.calls.map((c) => (c[1] as { code?: string }).code)).toEqual([
        'SYNAPSE_DOCUMENTS_NOT_SAVED',
        'SYNAPSE_DOCUMENTS_NOT_SAVED',
      ]);
    } finally {
      emit.mockRestore();
    }
  });

  it('two distinct stores get two names; an empty store needs no warning', async () => {
    const a = new InMemoryDocumentStore();
    const b = new InMemoryDocumentStore({ bm25Algorithm: 'BM25Okapi' });
    const p = new Pipeline()
      .addComponent('one', new InMemoryBM25Retriever({ documentStore: a }))
      .addComponent('two', new InMemoryBM25Retriever({ documentStore: b }));
    const warnings: string[] = [];
    const json = p.toJSON({ onWarning: (m) => warnings.push(m) });
    expect(json.stores).toEqual({ documentStore: a.toJSON(), documentStore_2: b.toJSON() });
    expect(warnings).toEqual([]);
    const loaded = Pipeline.fromJSON(json);
    expect(storeOf(loaded, 'one')).not.toBe(storeOf(loaded, 'two'));
    expect((storeOf(loaded, 'two') as InMemoryDocumentStore).options.bm25Algorithm).toBe('BM25Okapi');
  });

  it('pipelines without stores serialize as before, and stores inside components (older files) still load', async () => {
    expect('stores' in build().toJSON()).toBe(false);
    const inline = {
      components: {
        keyword: { type: 'core.InMemoryBM25Retriever', options: { documentStore: new InMemoryDocumentStore().toJSON() } },
      },
    };
    expect(storeOf(Pipeline.fromJSON(inline), 'keyword')).toBeInstanceOf(InMemoryDocumentStore);
  });

  it('reports an unknown store reference and documents a store cannot take, at their path', () => {
    const dangling = catchSerialization(() =>
      Pipeline.fromJSON({
        stores: { main: new InMemoryDocumentStore().toJSON() },
        components: { keyword: { type: 'core.InMemoryBM25Retriever', options: { documentStore: { $store: 'mian' } } } },
      }),
    );
    expect(dangling.message).toBe(
      'Invalid pipeline definition at components.keyword.options.documentStore: no store "mian" in the pipeline\'s stores (defined: main).',
    );
    const registry = new Registry().registerStore('test.Remote', () => ({
      writeDocuments: async () => 0,
      filterDocuments: async () => [],
      countDocuments: async () => 0,
      deleteDocuments: async () => {},
      toJSON: () => ({ type: 'test.Remote', options: {} }),
    }));
    const docs = catchSerialization(() =>
      Pipeline.fromJSON(
        { stores: { r: { type: 'test.Remote', documents: [createDocument({ content: 'x' })] } }, components: {} },
        { registry },
      ),
    );
    expect(docs.details['path']).toBe('stores.r');
    expect(docs.message).toContain('a store of type "test.Remote" does not take saved documents.');
    expect(defaultRegistry.storeTypes()).toContain('core.InMemoryDocumentStore');
  });
});
