import { expect, it } from 'vitest';
import { float16Bits, float16Value } from '../src/binary-copy.js';
import { PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '../src/pgvector-document-store.js';
import { uniqueTable } from './helpers.js';

/**
 * The part of the retrieval suite that makes its own tables: score conventions per vector
 * function, exact float32 / float16 round trips on every read path, halfvec above 2000 dimensions.
 * Called inside `retrievalSuite`'s describe, with its connection and options.
 */
export function vectorTypeTests(base: () => Promise<PgvectorDocumentStoreInit>, opts: { fast?: boolean }): void {
  it('inner product and L2 scores follow Haystack conventions', async () => {
    for (const vectorFunction of ['inner_product', 'l2_distance'] as const) {
      const s = new PgvectorDocumentStore({
        ...(await base()),
        tableName: uniqueTable('vf'),
        embeddingDimension: 2,
        vectorFunction,
        searchStrategy: 'hnsw',
      });
      try {
        await s.writeDocuments([
          { id: 'a', content: 'a', meta: {}, embedding: [1, 0] },
          { id: 'b', content: 'b', meta: {}, embedding: [3, 4] },
          { id: 'c', content: 'c', meta: {}, embedding: [-1, -1] },
        ]);
        const got = await s.embeddingRetrieval({ queryEmbedding: [1, 1], topK: 3 });
        if (vectorFunction === 'inner_product') {
          expect(got.map((d) => [d.id, d.score])).toEqual([
            ['b', 7],
            ['a', 1],
            ['c', -2],
          ]);
        } else {
          expect(got.map((d) => d.id)).toEqual(['a', 'c', 'b']);
          expect(got[0]?.score).toBeCloseTo(1, 6);
          expect(got[2]?.score).toBeCloseTo(Math.hypot(2, 3), 6);
        }
      } finally {
        await s.dropTable();
        await s.close();
      }
    }
  });

  it('every read path returns the stored float32 / float16 values exactly (binary vectors)', async () => {
    for (const vectorType of ['vector', 'halfvec'] as const) {
      const s = new PgvectorDocumentStore({
        ...(await base()),
        tableName: uniqueTable(`bin_${vectorType}`),
        embeddingDimension: 5,
        vectorType,
        searchStrategy: 'exact_nearest_neighbor',
      });
      try {
        // Not representable in float32/float16, with a subnormal-range and a negative value.
        const written = [0.1, -1 / 3, 1e-5, 12345.678, 0];
        const stored = written.map((v) => (vectorType === 'vector' ? Math.fround(v) : float16Value(float16Bits(v))));
        await s.writeDocuments([
          { id: 'a', content: 'alpha beta', meta: {}, embedding: written },
          { id: 'b', content: 'gamma', meta: {}, embedding: [1, 2, 3, 4, 5] },
          { id: 'c', content: 'alpha none', meta: {} },
        ]);
        const reads = {
          filterDocuments: await s.filterDocuments({ field: 'id', operator: '==', value: 'a' }),
          embedding: await s.embeddingRetrieval({ queryEmbedding: written, topK: 1, returnEmbedding: true }),
          keyword: await s.keywordRetrieval({ query: 'beta', topK: 1, returnEmbedding: true }),
          hybridSqlFusion: await s.hybridRetrieval({ queryEmbedding: written, query: 'beta', topK: 1, returnEmbedding: true }),
        };
        for (const [path, docs] of Object.entries(reads)) {
          expect(
            docs.map((d) => d.id),
            path,
          ).toEqual(['a']);
          expect(docs[0]?.embedding, path).toEqual(stored);
        }
        // core's RETURN_EMBEDDING_DEFAULT: store reads leave embeddings out unless asked
        const byDefault = [
          await s.embeddingRetrieval({ queryEmbedding: written, topK: 1 }),
          await s.keywordRetrieval({ query: 'beta', topK: 1 }),
          await s.hybridRetrieval({ queryEmbedding: written, query: 'beta', topK: 1 }),
        ];
        expect(byDefault.map((docs) => [docs[0]?.id, docs[0]?.embedding])).toEqual([
          ['a', undefined],
          ['a', undefined],
          ['a', undefined],
        ]);
        const [c] = await s.filterDocuments({ field: 'id', operator: '==', value: 'c' });
        expect(c?.embedding).toBeUndefined();
        const noEmb = await s.hybridRetrieval({ queryEmbedding: written, query: 'alpha', topK: 3, returnEmbedding: false });
        expect(noEmb.every((d) => d.embedding === undefined)).toBe(true);
      } finally {
        await s.dropTable();
        await s.close();
      }
    }
  });

  it('halfvec is chosen above 2000 dimensions and round-trips', async () => {
    // HNSW over 2048-d halfvec is slow in WASM: only build it on a native server (`fast`).
    const searchStrategy = opts.fast ? 'hnsw' : 'exact_nearest_neighbor';
    const s = new PgvectorDocumentStore({
      ...(await base()),
      tableName: uniqueTable('half'),
      embeddingDimension: 2048,
      searchStrategy,
    });
    expect(s.vectorType).toBe('halfvec');
    try {
      const e = Array.from({ length: 2048 }, (_, i) => (i % 7) / 8);
      await s.writeDocuments([{ id: 'h', content: 'half', meta: {}, embedding: e }], {});
      await s.writeDocuments(
        Array.from({ length: 250 }, (_, i) => ({
          id: `h${i}`,
          content: 'x',
          meta: {},
          embedding: e.map((v) => v + (i + 1) / 1024),
        })),
      );
      const [got] = await s.embeddingRetrieval({ queryEmbedding: e, topK: 1, returnEmbedding: true });
      expect(got?.id).toBe('h');
      expect(got?.embedding).toEqual(e); // multiples of 1/8 are exact in float16
      await expect(s.writeDocuments([{ id: 'big', content: '', meta: {}, embedding: e.map(() => 70000) }])).rejects.toMatchObject(
        { code: 'INVALID_DOCUMENT' },
      );
    } finally {
      await s.dropTable();
      await s.close();
    }
  });
}
