import { type Document, DocumentJoiner, Pipeline } from '@synapse-rag/core';
import { describe, expect, inject, it } from 'vitest';
import '../src/index.js';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { PgvectorEmbeddingRetriever } from '../src/pgvector-embedding-retriever.js';
import { PgvectorKeywordRetriever } from '../src/pgvector-keyword-retriever.js';
import { uniqueTable } from './helpers.js';

const pgUrl = inject('pgUrl');

if (!pgUrl) {
  describe.skip('pgvector stores in saved pipelines — no server (scripts/install-postgres.sh or DATABASE_URL)', () => {
    it('needs a server', () => {});
  });
} else {
  describe('PostgreSQL: a pgvector store in a saved pipeline', () => {
    it('survives dumps / loads as connection settings (no data, no warning) and stays ONE store for both retrievers', async () => {
      process.env.SYNAPSE_PIPELINE_TEST_PG = pgUrl;
      const store = new PgvectorDocumentStore({
        connectionStringEnv: 'SYNAPSE_PIPELINE_TEST_PG',
        tableName: uniqueTable('pipe'),
        embeddingDimension: 2,
      });
      await store.writeDocuments([
        { id: 'paris', content: 'Paris is the capital of France.', meta: {}, embedding: [0.9, 0.1] },
        { id: 'plants', content: 'Plants turn light into sugar.', meta: {}, embedding: [0.1, 0.9] },
      ]);
      const pipeline = new Pipeline()
        .addComponent('vector', new PgvectorEmbeddingRetriever({ documentStore: store, topK: 5 }))
        .addComponent('keyword', new PgvectorKeywordRetriever({ documentStore: store, topK: 5 }))
        .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
        .connect('vector', 'joiner')
        .connect('keyword', 'joiner');
      const inputs = { queryEmbedding: [1, 0], query: 'capital of France' };
      const run = async (p: Pipeline) =>
        ((await p.run(inputs)) as { joiner?: { documents: Document[] } }).joiner?.documents ?? [];
      const warnings: string[] = [];
      const yaml = pipeline.dumps({ onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      const json = pipeline.toJSON();
      expect(json.stores).toEqual({ documentStore: store.toJSON() });
      expect(json.stores?.['documentStore']?.options['connectionStringEnv']).toBe('SYNAPSE_PIPELINE_TEST_PG');
      expect(json.components['keyword']?.options['documentStore']).toEqual({ $store: 'documentStore' });

      const loaded = Pipeline.loads(yaml);
      const held = (name: string) =>
        (loaded.getComponent(name) as unknown as { options: { documentStore: PgvectorDocumentStore } }).options.documentStore;
      try {
        expect(held('vector')).toBeInstanceOf(PgvectorDocumentStore);
        expect(held('vector')).not.toBe(store);
        expect(held('keyword')).toBe(held('vector'));
        const expected = await run(pipeline);
        expect(expected.map((d) => d.id)).toEqual(['paris', 'plants']);
        expect(await run(loaded)).toEqual(expected);
      } finally {
        await held('vector').close();
        await store.dropTable();
        await store.close();
      }
    });
  });
}
