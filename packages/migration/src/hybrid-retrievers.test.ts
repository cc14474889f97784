import { createDocument, DocumentJoiner, InMemoryDocumentStore, Pipeline } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { FlagSource } from './flag-source.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { HybridEmbeddingRetriever, HybridKeywordRetriever } from './hybrid-retrievers.js';
import { SILENT_LOGGER } from './logger.js';

async function setup() {
  const legacy = new InMemoryDocumentStore({ index: 'hr-legacy' });
  const target = new InMemoryDocumentStore({ index: 'hr-target' });
  await legacy.writeDocuments([createDocument({ id: 'L', content: 'apples and pears', embedding: [1, 0] })], {
    policy: 'overwrite',
  });
  await target.writeDocuments([createDocument({ id: 'T', content: 'apples and plums', embedding: [1, 0] })], {
    policy: 'overwrite',
  });
  const flags = FlagSource.fromObject({ pgvectorReadPercentage: 50 });
  const store = new HybridDocumentStore({ legacy, target, flags, logger: SILENT_LOGGER });
  return { store, flags };
}

describe('hybrid routing retrievers', () => {
  it('take routingKey as a run input: each request lands on its sticky store', async () => {
    const { store } = await setup();
    const pipeline = new Pipeline()
      .addComponent('embedding', new HybridEmbeddingRetriever({ store, topK: 5 }))
      .addComponent('keyword', new HybridKeywordRetriever({ store, topK: 5 }))
      .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [0.7, 0.3] }))
      .connect('embedding.documents', 'joiner.documents')
      .connect('keyword.documents', 'joiner.documents');
    const keys = Array.from({ length: 30 }, (_, i) => `session-${i}`);
    const seen = new Set<string>();
    for (const routingKey of keys) {
      const result = await pipeline.run({
        embedding: { queryEmbedding: [1, 0], routingKey },
        keyword: { query: 'apples', routingKey },
      });
      const expected = store.routeRead(routingKey) === 'target' ? 'T' : 'L';
      const got = (result.joiner!.documents as Array<{ id: string }>).map((d) => d.id);
      expect(got).toEqual([expected]);
      seen.add(expected);
    }
    expect([...seen].sort()).toEqual(['L', 'T']);
  });

  it('round-trip through toJSON / Pipeline.fromJSON', async () => {
    const { store } = await setup();
    const pipeline = new Pipeline().addComponent(
      'retriever',
      new HybridEmbeddingRetriever({ store, topK: 3, filterPolicy: 'merge' }),
    );
    const json = pipeline.toJSON();
    expect(json.components.retriever).toMatchObject({
      type: 'migration.HybridEmbeddingRetriever',
      options: { topK: 3, filterPolicy: 'merge', store: { $store: 'store' } },
    });
    expect(json.stores?.store).toMatchObject({
      type: 'migration.HybridDocumentStore',
      options: { legacy: { type: 'core.InMemoryDocumentStore' }, target: { type: 'core.InMemoryDocumentStore' } },
    });
    const loaded = Pipeline.fromJSON(json);
    expect(loaded.toJSON()).toEqual(json);
    const result = await loaded.run({ retriever: { queryEmbedding: [1, 0], routingKey: 'session-1' } });
    expect((result.retriever!.documents as unknown[]).length).toBe(1);
  });
});
