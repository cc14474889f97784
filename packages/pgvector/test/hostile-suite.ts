import type { Document } from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '../src/pgvector-document-store.js';
import { uniqueTable } from './helpers.js';

const EVIL = `x'; DROP TABLE documents; --`;

/** Hostile input: names, keys, values, sizes, numbers — typed errors or exact storage, never injection. */
export function hostileSuite(name: string, base: () => Promise<PgvectorDocumentStoreInit>) {
  describe(`${name} — hostile input`, () => {
    let store: PgvectorDocumentStore;
    beforeAll(async () => {
      store = new PgvectorDocumentStore({ ...(await base()), tableName: uniqueTable('hostile'), embeddingDimension: 3 });
      await store.initialize();
    });
    afterAll(async () => {
      await store?.dropTable();
      await store?.close();
    });

    it.each([EVIL, 'documents"; DROP TABLE x; --', 'a b', 'таблица', '1x', 'a'.repeat(64)])(
      'rejects table / schema / index name %j with InvalidOptionsError',
      async (bad) => {
        const init = await base();
        for (const opts of [{ tableName: bad }, { schemaName: bad }, { keywordIndexName: bad }, { hnswIndexName: bad }]) {
          expect(() => new PgvectorDocumentStore({ ...init, ...opts })).toThrow(
            expect.objectContaining({ code: 'INVALID_OPTIONS' }),
          );
        }
        expect(() => new PgvectorDocumentStore({ ...init, language: `english'); DROP TABLE x; --` })).toThrow(
          expect.objectContaining({ code: 'INVALID_OPTIONS' }),
        );
      },
    );

    it('stores hostile meta keys and values verbatim and filters on them', async () => {
      const meta = { [EVIL]: EVIL, 'a"b': `"); DELETE FROM x; --`, 'k.with.dots': 1, "it's": ["'", '"', '\\'], $1: '$2' };
      await store.writeDocuments([{ id: EVIL, content: EVIL, meta, embedding: [1, 2, 3] }]);
      const [doc] = await store.filterDocuments({ field: `meta.${EVIL}`, operator: '==', value: EVIL });
      expect(doc).toEqual({ id: EVIL, content: EVIL, meta, embedding: [1, 2, 3] });
      expect(await store.filterDocuments({ field: 'meta.a"b', operator: 'in', value: [`"); DELETE FROM x; --`] })).toHaveLength(
        1,
      );
      expect(await store.filterDocuments({ field: 'meta.$1', operator: '==', value: '$2' })).toHaveLength(1);
      expect(await store.keywordRetrieval({ query: EVIL, topK: 5 })).toHaveLength(1);
      expect(await store.keywordRetrieval({ query: `'); DROP TABLE x; -- " OR -`, topK: 5 })).toBeInstanceOf(Array);
      expect(await store.countDocuments()).toBe(1);
      await store.deleteDocuments([EVIL]);
      expect(await store.countDocuments()).toBe(0);
    });

    it('round-trips a 1 MB document, unicode ids and astral characters', async () => {
      const big = '🚀 Zürich 日本語 שלום '.repeat(Math.ceil(1_048_576 / 20)).slice(0, 1_048_576);
      const docs: Document[] = [
        { id: 'big', content: big, meta: { size: big.length }, embedding: [0.5, 0.25, 0.125] },
        { id: 'ид-🚀-\u05e9', content: 'e\u0301 vs é', meta: { 'ключ 🔑': 'значение', rtl: 'مرحبا' } },
      ];
      await store.writeDocuments(docs);
      const read = new Map((await store.filterDocuments()).map((d) => [d.id, d]));
      expect(read.get('big')?.content).toBe(big);
      expect(read.get('big')?.embedding).toEqual([0.5, 0.25, 0.125]);
      expect(read.get('ид-🚀-\u05e9')).toEqual(docs[1]);
      await store.deleteAllDocuments();
    });

    it('rejects NaN / Infinity embeddings, NUL characters, non-finite meta numbers and bad ids before writing', async () => {
      const bad: unknown[] = [
        { id: 'n', content: 'x', meta: {}, embedding: [Number.NaN, 0, 0] },
        { id: 'i', content: 'x', meta: {}, embedding: [0, Number.NEGATIVE_INFINITY, 0] },
        { id: 's', content: 'x', meta: {}, embedding: [0, '1', 0] },
        { id: 'd', content: 'x', meta: {}, embedding: [0, 0] },
        { id: 'f32', content: 'x', meta: {}, embedding: [0, 1e39, 0] }, // finite, but Infinity as float32
        { id: 'z', content: 'nul\u0000byte', meta: {} },
        { id: 'k', content: 'x', meta: { 'nul\u0000key': 1 } },
        { id: 'v', content: 'x', meta: { v: 'nul\u0000value' } },
        { id: 'm', content: 'x', meta: { v: Number.NaN } },
        { id: 'm2', content: 'x', meta: { v: [1, Number.POSITIVE_INFINITY] } },
        { id: '', content: 'x', meta: {} },
        { id: 'x'.repeat(3000), content: 'x', meta: {} },
        { id: 'c', content: 42, meta: {} },
        { id: 'meta', content: 'x', meta: [1, 2] },
      ];
      for (const doc of bad) {
        const batch = [{ id: 'good', content: 'fine', meta: {}, embedding: [1, 1, 1] }, doc] as never;
        await expect(store.writeDocuments(batch), JSON.stringify(doc).slice(0, 80)).rejects.toMatchObject({
          code: 'INVALID_DOCUMENT',
        });
      }
      // big bulk batch with one bad row at the end: nothing written
      const many = Array.from({ length: 300 }, (_, i) => ({ id: `m${i}`, content: 'x', meta: {}, embedding: [i, 1, 1] }));
      many.push({ id: 'bad', content: 'x', meta: {}, embedding: [1, Number.NaN, 1] });
      await expect(store.writeDocuments(many)).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
      expect(await store.countDocuments()).toBe(0);
      await expect(store.embeddingRetrieval({ queryEmbedding: [Number.NaN, 0, 0], topK: 1 })).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT',
      });
      for (const queryEmbedding of [
        [0, -1e39, 0],
        [0, 0, Number.MAX_VALUE],
      ]) {
        await expect(store.hybridRetrieval({ queryEmbedding, query: 'x', topK: 1 })).rejects.toMatchObject({
          code: 'INVALID_DOCUMENT',
          message: expect.stringContaining("outside vector's range"),
        });
      }
      await expect(store.embeddingRetrieval({ queryEmbedding: [0, 0, 1], topK: 0 })).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
      });
    });

    it('bulk writes (COPY path) honor every duplicate policy in one transaction', async () => {
      const docs = Array.from({ length: 600 }, (_, i) => ({
        id: `b${i}`,
        content: `v1 ${i}`,
        meta: { v: 1 },
        embedding: [i, 0, 1],
      }));
      expect(await store.writeDocuments(docs.slice(0, 400))).toBe(400);
      const err = await store.writeDocuments(docs).catch((e: unknown) => e as { code: string; ids: string[] });
      expect(err).toMatchObject({ code: 'DUPLICATE_DOCUMENT' });
      expect((err as { ids: string[] }).ids).toHaveLength(400);
      expect(await store.countDocuments()).toBe(400);
      expect(await store.writeDocuments(docs, { policy: 'skip' })).toBe(200);
      const v2 = docs.map((d) => ({ ...d, content: `v2 ${d.id}`, meta: { v: 2 } }));
      expect(await store.writeDocuments([...v2, ...v2.slice(0, 10)], { policy: 'overwrite' })).toBe(600);
      expect(await store.countDocuments()).toBe(600);
      expect(await store.filterDocuments({ field: 'meta.v', operator: '==', value: 1 })).toEqual([]);
      const [row] = await store.query<{ created: boolean }>(
        `SELECT bool_and(updated_at >= created_at) AS created FROM ${store.qualifiedTableName}`,
      );
      expect(row?.created).toBe(true);
      await store.deleteAllDocuments();
    });

    it('mirrors the migration plan columns from meta (generated columns)', async () => {
      await store.writeDocuments([
        {
          id: 'p',
          content: 'x',
          meta: {
            doc_type: 'pdf',
            title: 'T',
            source_url: 'https://e.x',
            processing_status: 'done',
            embedding_model: 'mxbai',
            embedding_version: 2,
          },
        },
        { id: 'q', content: 'y', meta: { doc_type: 7, embedding_version: 'two' } },
      ]);
      const rows = await store.query<Record<string, unknown>>(
        `SELECT id, doc_type, title, source_url, processing_status, processing_error, embedding_model, embedding_version FROM ${store.qualifiedTableName} ORDER BY id`,
      );
      expect(rows).toEqual([
        {
          id: 'p',
          doc_type: 'pdf',
          title: 'T',
          source_url: 'https://e.x',
          processing_status: 'done',
          processing_error: null,
          embedding_model: 'mxbai',
          embedding_version: 2,
        },
        {
          id: 'q',
          doc_type: '7',
          title: null,
          source_url: null,
          processing_status: null,
          processing_error: null,
          embedding_model: null,
          embedding_version: null,
        },
      ]);
      await store.deleteAllDocuments();
    });

    it('works on an existing minimal table (no generated columns, expression GIN index)', async () => {
      const table = uniqueTable('minimal');
      await store.query(
        `CREATE TABLE "${table}" (id text PRIMARY KEY, content text NOT NULL, meta jsonb NOT NULL DEFAULT '{}', embedding vector(3))`,
      );
      const s = new PgvectorDocumentStore({ ...(await base()), tableName: table, embeddingDimension: 3, createTable: false });
      try {
        await s.createIndexes();
        const idx = await s.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1::text', [table]);
        expect(idx.map((r) => r.indexdef).join('\n')).toContain("to_tsvector('english'::regconfig, content)");
        await s.writeDocuments([{ id: 'm', content: 'minimal tables still search', meta: {}, embedding: [1, 0, 0] }]);
        expect((await s.keywordRetrieval({ query: 'tables', topK: 3 })).map((d) => d.id)).toEqual(['m']);
        expect((await s.hybridRetrieval({ query: 'search', queryEmbedding: [1, 0, 0], topK: 3 })).map((d) => d.id)).toEqual([
          'm',
        ]);
      } finally {
        await s.dropTable();
        await s.close();
      }
    });

    it('defaults to a stored content_tsv; storedTsvector: false puts GIN on the expression; each opens the other layout', async () => {
      const layoutOf = async (s: PgvectorDocumentStore) => {
        const tsv = await s.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attname = 'content_tsv' AND NOT attisdropped",
          [s.qualifiedTableName],
        );
        const idx = await s.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE indexname = $1::text', [
          `${s.options.tableName}_keyword_idx`,
        ]);
        return { stored: Number(tsv[0]?.n) === 1, gin: idx[0]?.indexdef ?? '' };
      };
      const docs = [
        { id: 'a', content: 'one fish two fish', meta: {}, embedding: [1, 0, 0] },
        { id: 'b', content: 'red fish', meta: {}, embedding: [0, 1, 0] },
      ];
      const init = await base();
      const exprTable = uniqueTable('expr');
      const storedTable = uniqueTable('stored');
      const expr = new PgvectorDocumentStore({ ...init, tableName: exprTable, embeddingDimension: 3, storedTsvector: false });
      const stored = new PgvectorDocumentStore({ ...init, tableName: storedTable, embeddingDimension: 3 });
      // the other option on each existing table: the store follows the table, not the option
      const exprReopened = new PgvectorDocumentStore({
        ...init,
        tableName: exprTable,
        embeddingDimension: 3,
      });
      const storedReopened = new PgvectorDocumentStore({
        ...init,
        tableName: storedTable,
        embeddingDimension: 3,
        storedTsvector: false,
      });
      try {
        expect(stored.options.storedTsvector).toBe(true);
        await expr.writeDocuments(docs);
        await stored.writeDocuments(docs);
        expect(await layoutOf(expr)).toEqual({
          stored: false,
          gin: expect.stringContaining("USING gin (to_tsvector('english'::regconfig, content))"),
        });
        expect(await layoutOf(stored)).toEqual({ stored: true, gin: expect.stringContaining('USING gin (content_tsv)') });
        for (const s of [expr, stored, exprReopened, storedReopened]) {
          await s.writeDocuments([{ id: 'c', content: 'blue fish fish fish', meta: {}, embedding: [0, 0, 1] }], {
            policy: 'overwrite',
          });
          const ranked = await s.keywordRetrieval({ query: 'fish', topK: 5 });
          expect(ranked.map((d) => d.id)).toEqual(['c', 'a', 'b']);
          expect((await s.keywordRetrieval({ query: 'red', topK: 5 })).map((d) => d.id)).toEqual(['b']);
          expect((await s.hybridRetrieval({ query: 'two', queryEmbedding: [0, 1, 0], topK: 2 })).map((d) => d.id).sort()).toEqual(
            ['a', 'b'],
          );
        }
        // re-opening did not change either layout
        expect((await layoutOf(exprReopened)).stored).toBe(false);
        expect((await layoutOf(storedReopened)).stored).toBe(true);
      } finally {
        await expr.dropTable();
        await stored.dropTable();
        for (const s of [expr, stored, exprReopened, storedReopened]) await s.close();
      }
    });

    it('refuses a table whose embedding dimension differs, and a missing table without createTable', async () => {
      const init = await base();
      const other = new PgvectorDocumentStore({ ...init, tableName: store.options.tableName, embeddingDimension: 5 });
      await expect(other.initialize()).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
      const missing = new PgvectorDocumentStore({ ...init, tableName: uniqueTable('missing'), createTable: false });
      await expect(missing.countDocuments()).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
      await other.close();
      await missing.close();
    });
  });
}
