import { type Document, DocumentJoiner, defaultRegistry } from '@synapse-rag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeVectorParam } from '../src/binary-copy.js';
import { PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '../src/pgvector-document-store.js';
import { PgvectorEmbeddingRetriever } from '../src/pgvector-embedding-retriever.js';
import { PgvectorHybridRetriever } from '../src/pgvector-hybrid-retriever.js';
import { PgvectorKeywordRetriever } from '../src/pgvector-keyword-retriever.js';
import { clusteredVectors, uniqueTable } from './helpers.js';
import { corpus, cosine, DIM, N } from './retrieval-corpus.js';
import { vectorTypeTests } from './vector-type-tests.js';

/**
 * Retriever behavior shared by every connection mode: exact vs brute force, filtered HNSW with
 * iterative scans, keyword syntax, hybrid == embedding + keyword + DocumentJoiner(RRF), scoring
 * functions, serialization.
 */
export function retrievalSuite(
  name: string,
  base: () => Promise<PgvectorDocumentStoreInit>,
  opts: { roundTrip?: boolean; fast?: boolean; storedTsvector?: boolean } = {},
) {
  // undefined = the store's default layout (stored content_tsv)
  const stored = opts.storedTsvector ?? true;
  const layout = stored ? `stored content_tsv${opts.storedTsvector === undefined ? ' (default)' : ''}` : 'expression GIN';
  describe(`${name} — retrieval, ${layout}`, () => {
    const docs = corpus();
    let store: PgvectorDocumentStore;
    beforeAll(async () => {
      store = new PgvectorDocumentStore({
        ...(await base()),
        tableName: uniqueTable('retr'),
        embeddingDimension: DIM,
        searchStrategy: 'hnsw',
        deferIndexes: true,
        ...(opts.storedTsvector === undefined ? {} : { storedTsvector: opts.storedTsvector }),
      });
      expect(await store.writeDocuments(docs)).toBe(N); // ≥ copyThreshold: bulk path
      await store.createIndexes({ concurrently: true });
      const indexes = await store.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1::text', [
        store.options.tableName,
      ]);
      expect(indexes.map((r) => r.indexname).sort()).toEqual(
        [
          `${store.options.tableName}_embedding_hnsw`,
          `${store.options.tableName}_keyword_idx`,
          `${store.options.tableName}_meta_idx`,
          `${store.options.tableName}_pkey`,
        ].sort(),
      );
      // the full-text layout under test: stored column + GIN on it, or GIN on the expression
      const tsv = await store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attname = 'content_tsv' AND NOT attisdropped",
        [store.qualifiedTableName],
      );
      expect(Number(tsv[0]?.n)).toBe(stored ? 1 : 0);
      const gin = await store.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE indexname = $1::text', [
        `${store.options.tableName}_keyword_idx`,
      ]);
      expect(gin[0]?.indexdef).toContain(
        stored ? 'USING gin (content_tsv)' : "USING gin (to_tsvector('english'::regconfig, content))",
      );
    });
    afterAll(async () => {
      await store?.dropTable();
      await store?.close();
    });

    it('exact search equals brute-force cosine, scores = 1 - distance', async () => {
      const q = docs[5]?.embedding as number[];
      const got = await store.embeddingRetrieval({ queryEmbedding: q, topK: 10, exact: true, returnEmbedding: true });
      const expected = docs
        .map((d) => ({ id: d.id, s: cosine(q, d.embedding as number[]) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10);
      expect(got.map((d) => d.id)).toEqual(expected.map((e) => e.id));
      got.forEach((d, i) => {
        expect(d.score).toBeCloseTo(expected[i]?.s as number, 5);
      });
      expect(got[0]?.embedding?.length).toBe(DIM);
    });

    it('HNSW search (default strategy) finds (nearly) the same top 10 as an exact scan', async () => {
      // 20 queries spread over the 4 clusters, mean overlap with the exact top 10. HNSW graphs are
      // built with random levels: on this tiny, very tightly clustered corpus a build can now and
      // then leave one cluster reachable only through few edges, and a query there may miss it
      // entirely (seen once: 0/10 for a single query). A mean over all clusters stays ≥ 0.7 even
      // then, while a broken index path (wrong operator or opclass) lands near 0.25.
      let overlap = 0;
      for (let i = 0; i < 20; i++) {
        const q = docs[17 + i * 53]?.embedding as number[];
        const exact = await store.embeddingRetrieval({ queryEmbedding: q, topK: 10, exact: true, returnEmbedding: false });
        const approx = await store.embeddingRetrieval({ queryEmbedding: q, topK: 10, returnEmbedding: false });
        expect(approx).toHaveLength(10);
        overlap += approx.filter((d) => exact.some((e) => e.id === d.id)).length / 10;
        for (let j = 1; j < approx.length; j++)
          expect(approx[j - 1]?.score as number).toBeGreaterThanOrEqual(approx[j]?.score as number);
      }
      expect(overlap / 20).toBeGreaterThanOrEqual(0.7);
    });

    it('filtered HNSW returns topK rows thanks to iterative scans (plain HNSW does not)', async () => {
      const filters = {
        operator: 'AND' as const,
        conditions: [
          { field: 'meta.rare', operator: '==' as const, value: true },
          { field: 'meta.topic', operator: '==' as const, value: 2 },
        ],
      };
      const matching = docs.filter((d) => d.meta.rare === true && d.meta.topic === 2);
      expect(matching.length).toBeGreaterThanOrEqual(10);
      // Query from another cluster: its nearest neighbours (what plain HNSW visits) don't match.
      const q = docs[1]?.embedding as number[];
      // With 1,200 rows the planner may prefer a sequential scan for a selective filter; force
      // the HNSW index so the test exercises it (session options on a server, SET on PGlite).
      const init = await base();
      const forced = init.connectionString
        ? {
            ...init,
            connectionString: `${init.connectionString}?options=${encodeURIComponent('-c enable_seqscan=off -c enable_bitmapscan=off')}`,
          }
        : init;
      if (!init.connectionString) {
        await store.query('SET enable_seqscan = off');
        await store.query('SET enable_bitmapscan = off'); // the meta GIN index would answer exactly
      }
      const make = (hnswIterativeScan: 'relaxed_order' | 'strict_order' | 'off') =>
        new PgvectorDocumentStore({
          ...forced,
          tableName: store.options.tableName,
          embeddingDimension: DIM,
          searchStrategy: 'hnsw',
          hnswIterativeScan,
          createTable: false,
        });
      const exact = await store.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters, exact: true });
      try {
        for (const mode of ['relaxed_order', 'strict_order'] as const) {
          const s = make(mode);
          try {
            const got = await s.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters });
            expect(got).toHaveLength(10);
            expect(got.every((d) => d.meta.rare === true && d.meta.topic === 2)).toBe(true);
            // HNSW stays approximate (random levels: one build in many misses a true neighbour
            // here), so ask for 8 of the exact 10 — plain HNSW returns fewer than 10 rows at all.
            const truth = new Set(exact.map((d) => d.id));
            expect(got.filter((d) => truth.has(d.id)).length).toBeGreaterThanOrEqual(8);
            const scores = got.map((d) => d.score ?? Number.NaN);
            expect(scores).toEqual([...scores].sort((a, b) => b - a));
          } finally {
            await s.close();
          }
        }
        const plain = make('off');
        try {
          // plain HNSW (no iterative scan) really stops short on this query…
          const raw = await plain.query<{ id: string }>(
            `SELECT id FROM ${plain.qualifiedTableName} WHERE embedding IS NOT NULL AND meta @> $2::text::jsonb
              ORDER BY embedding <=> $1::vector LIMIT 10`,
            [encodeVectorParam(q, false), JSON.stringify({ rare: true, topic: 2 })],
          );
          expect(raw.length).toBeLessThan(10);
          // …and the store notices the short answer and gives the exact one instead
          const got = await plain.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters });
          expect(got.map((d) => [d.id, d.score])).toEqual(exact.map((d) => [d.id, d.score]));
        } finally {
          await plain.close();
        }
      } finally {
        if (!init.connectionString) {
          await store.query('RESET enable_seqscan');
          await store.query('RESET enable_bitmapscan');
        }
      }
    });

    /**
     * Runs `fn` with a second store on the suite's table whose sessions use `settings` (planner
     * switches, pgvector limits): connection options on a server, SET … / RESET on the shared
     * PGlite. `statements` records what the store runs outside transactions.
     */
    const withSettings = async (
      settings: Record<string, string>,
      fn: (s: PgvectorDocumentStore, statements: [string, unknown][]) => Promise<void>,
      storeOptions: Partial<PgvectorDocumentStoreInit> = {},
    ) => {
      const init = await base();
      const options = Object.entries(settings)
        .map(([k, v]) => `-c ${k}=${v}`)
        .join(' ');
      if (!init.connectionString) for (const [k, v] of Object.entries(settings)) await store.query(`SET ${k} = ${v}`);
      const s = new PgvectorDocumentStore({
        ...(init.connectionString
          ? { ...init, connectionString: `${init.connectionString}?options=${encodeURIComponent(options)}` }
          : init),
        tableName: store.options.tableName,
        embeddingDimension: DIM,
        searchStrategy: 'hnsw',
        createTable: false,
        ...storeOptions,
      });
      const client = (s as unknown as { client: { query: (sql: string, p: unknown) => Promise<unknown> } }).client;
      const original = client.query.bind(client);
      const statements: [string, unknown][] = [];
      client.query = (sql, p) => {
        statements.push([sql, p]);
        return original(sql, p);
      };
      try {
        await s.initialize();
        statements.length = 0;
        await fn(s, statements);
      } finally {
        client.query = original;
        await s.close();
        if (!init.connectionString) for (const k of Object.keys(settings)) await store.query(`RESET ${k}`);
      }
    };

    it('an iterative scan cut short by hnsw.max_scan_tuples falls back to the exact answer (embedding and hybrid)', async () => {
      // At scale a filter whose rows lie far from the query makes the iterative scan stop at
      // hnsw.max_scan_tuples (pgvector's default 20,000) with fewer than topK rows (measured: 45 % of the
      // queries with a 0.1 % filter on 100k rows). Here the store's hnswMaxScanTuples lowers the
      // limit to 3 tuples.
      const filters = { field: 'meta.topic', operator: '==' as const, value: 2 };
      const q = docs[1]?.embedding as number[]; // topic 1: the matching rows are another cluster
      const settings = { enable_seqscan: 'off', enable_bitmapscan: 'off' };
      await withSettings(
        settings,
        async (s, statements) => {
          const exact = await s.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters, exact: true });
          expect(exact).toHaveLength(10);
          statements.length = 0;
          const got = await s.embeddingRetrieval({ queryEmbedding: q, topK: 10, filters });
          // the HNSW query (its settings applied inside it) came back short; the exact one ran after it
          expect(statements.map(([sql]) => sql.includes('MATERIALIZED'))).toEqual([false, true]);
          expect(statements[0]?.[0]).toContain("set_config('hnsw.max_scan_tuples'");
          expect(got.map((d) => [d.id, d.score])).toEqual(exact.map((d) => [d.id, d.score]));
          for (const returnEmbedding of [false, true]) {
            const hybridArgs = { queryEmbedding: q, query: 'kitten', filters, topK: 10, returnEmbedding };
            const hybrid = await s.hybridRetrieval(hybridArgs);
            const hybridExact = await s.hybridRetrieval({ ...hybridArgs, exact: true });
            expect(hybrid.map((d) => [d.id, d.score])).toEqual(hybridExact.map((d) => [d.id, d.score]));
            expect(hybrid).toHaveLength(10);
          }
        },
        { hnswMaxScanTuples: 3 },
      );
    });

    it('meta equality and short in-list filters are answered from the meta GIN index', async () => {
      await withSettings({ enable_seqscan: 'off' }, async (s, statements) => {
        for (const filters of [
          { field: 'meta.rare', operator: '==' as const, value: true },
          { field: 'meta.year', operator: 'in' as const, value: [2003, 2004] },
          {
            operator: 'AND' as const,
            conditions: [
              { field: 'meta.lang', operator: '==' as const, value: 'en' },
              { field: 'meta.topic', operator: '!=' as const, value: 1 },
            ],
          },
        ]) {
          statements.length = 0;
          const got = await s.filterDocuments(filters);
          expect(got.length).toBeGreaterThan(0);
          const [sql, params] = statements[0] ?? ['', []];
          const plan = await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params as never);
          expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain(`${store.options.tableName}_meta_idx`);
        }
      });
    });

    it("a new store instance's first keyword and hybrid queries already use the table's tsvector layout", async () => {
      for (const run of [
        (s: PgvectorDocumentStore) => s.keywordRetrieval({ query: 'kitten', topK: 3 }),
        (s: PgvectorDocumentStore) =>
          s.hybridRetrieval({ query: 'kitten', queryEmbedding: docs[0]?.embedding as number[], topK: 3 }),
      ]) {
        const s = new PgvectorDocumentStore({
          ...(await base()),
          tableName: store.options.tableName,
          embeddingDimension: DIM,
          createTable: false,
        });
        const client = (s as unknown as { client: { query: (sql: string, p: unknown) => Promise<unknown> } }).client;
        const original = client.query.bind(client);
        const ranked: string[] = [];
        client.query = (sql, p) => {
          if (sql.includes('ts_rank_cd')) ranked.push(sql);
          return original(sql, p);
        };
        try {
          expect(await run(s)).toHaveLength(3);
          expect(ranked).toHaveLength(1);
          expect(ranked[0]?.includes('.content_tsv')).toBe(stored);
        } finally {
          await s.close();
        }
      }
    });

    it('topK above ef_search: the HNSW scan is widened for the query (pgvector returns ≤ ef_search rows)', async () => {
      const q = docs[3]?.embedding as number[];
      await withSettings({ enable_seqscan: 'off' }, async (s, statements) => {
        const raw = await s.query<{ id: string }>(
          `SELECT id FROM ${s.qualifiedTableName} ORDER BY embedding <=> $1::vector LIMIT 60`,
          [encodeVectorParam(q, false)],
        );
        expect(raw.length).toBe(40); // pgvector's default ef_search caps a plain HNSW scan
        statements.length = 0;
        expect(await s.embeddingRetrieval({ queryEmbedding: q, topK: 60, returnEmbedding: false })).toHaveLength(60);
        expect(await s.embeddingRetrieval({ queryEmbedding: q, topK: 60, efSearch: 10, returnEmbedding: false })).toHaveLength(
          60,
        );
        // each ran as ONE HNSW statement that widens its own scan (no transaction), no exact fallback
        expect(statements).toHaveLength(2);
        for (const [sql] of statements) {
          expect(sql).toContain("set_config('hnsw.ef_search'");
          expect(sql).not.toContain('MATERIALIZED');
        }
        // the hybrid's vector half too: 60 candidates from one statement (a short scan would add the exact one)
        for (const returnEmbedding of [false, true]) {
          statements.length = 0;
          const hybrid = { queryEmbedding: q, query: 'kitten', topK: 60, candidateK: 60, returnEmbedding };
          expect(await s.hybridRetrieval(hybrid)).toHaveLength(60);
          expect(statements).toHaveLength(1);
          expect(statements[0]?.[0]).toContain("set_config('hnsw.ef_search'");
        }
      });
    });

    it('relaxed_order iterative scans: results are re-sorted exactly by distance', async () => {
      // With hnsw.iterative_scan = relaxed_order a later scan iteration can return closer rows
      // than an earlier one. The planner takes a subquery's (and from Postgres 17 a materialized
      // CTE's) index order as given and would only sort ties (Incremental Sort), so every statement
      // must sort by an expression (`distance + 0`). Clustered data with a 4 % filter: without
      // that, about one query in four came back out of order (checked against a 5k-row table).
      const dim = 32;
      const vectors = clusteredVectors(3000 + 30, dim, 30, 3, 0.6);
      const rows: Document[] = vectors.slice(0, 3000).map((embedding, i) => ({
        id: `r-${String(i).padStart(4, '0')}`,
        content: i % 2 === 0 ? 'kitten' : 'yeast',
        meta: { g: i % 25 },
        embedding,
      }));
      const init = await base();
      const relaxed = new PgvectorDocumentStore({
        ...(init.connectionString
          ? { ...init, connectionString: `${init.connectionString}?options=${encodeURIComponent('-c enable_seqscan=off')}` }
          : init),
        tableName: uniqueTable('relaxed'),
        embeddingDimension: dim,
        searchStrategy: 'hnsw',
        hnswIterativeScan: 'relaxed_order',
      });
      try {
        await relaxed.writeDocuments(rows);
        // a small table: make sure the planner takes the HNSW index
        if (!init.connectionString) await relaxed.query('SET enable_seqscan = off');
        const filters = { field: 'meta.g', operator: '==' as const, value: 3 };
        for (const queryEmbedding of vectors.slice(3000)) {
          const many = await relaxed.embeddingRetrieval({ queryEmbedding, filters, topK: 60, returnEmbedding: false });
          expect(many).toHaveLength(60);
          const scores = many.map((d) => d.score ?? Number.NaN);
          expect(scores).toEqual([...scores].sort((a, b) => b - a));
          for (const returnEmbedding of [true, false]) {
            // keyword weight 0: the fused order is the vector list's order
            const hybrid = await relaxed.hybridRetrieval({
              queryEmbedding,
              query: 'kitten',
              filters,
              topK: 60,
              candidateK: 60,
              weights: [1, 0],
              returnEmbedding,
            });
            expect(hybrid.map((d) => d.id)).toEqual(many.map((d) => d.id));
          }
        }
      } finally {
        if (!init.connectionString) await relaxed.query('RESET enable_seqscan');
        await relaxed.dropTable();
        await relaxed.close();
      }
    });

    it('keyword search: ranking, phrases, OR, -exclusion, stop words, filters', async () => {
      const cats = await store.keywordRetrieval({ query: 'kitten whiskers', topK: 5 });
      expect(cats).toHaveLength(5);
      expect(cats.every((d) => d.content.includes('kitten') && d.content.includes('whiskers'))).toBe(true);
      for (let i = 1; i < cats.length; i++) expect(cats[i - 1]?.score as number).toBeGreaterThanOrEqual(cats[i]?.score as number);

      const phrase = await store.keywordRetrieval({ query: '"rare phrase"', topK: 100 });
      expect(phrase.map((d) => d.id).sort()).toEqual(
        docs
          .filter((d) => d.content.includes('rare phrase'))
          .map((d) => d.id)
          .sort(),
      );

      const or = await store.keywordRetrieval({ query: 'zeppelin OR yeast', topK: 2000 });
      expect(or.length).toBe(docs.filter((d) => /\bzeppelin\b|\byeast\b/.test(d.content)).length);

      const excl = await store.keywordRetrieval({ query: 'yeast -oven', topK: 2000 });
      expect(excl.length).toBeGreaterThan(0);
      expect(excl.every((d) => d.content.includes('yeast') && !/\boven\b/.test(d.content))).toBe(true);

      expect(await store.keywordRetrieval({ query: '', topK: 5 })).toEqual([]);
      expect(await store.keywordRetrieval({ query: '   ', topK: 5 })).toEqual([]);
      expect(await store.keywordRetrieval({ query: 'the and of a', topK: 5 })).toEqual([]);
      expect(await store.keywordRetrieval({ query: '" - OR', topK: 5 })).toEqual([]);

      const filtered = await store.keywordRetrieval({
        query: 'yeast',
        topK: 50,
        filters: { field: 'meta.lang', operator: '==', value: 'en' },
      });
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((d) => d.meta.lang === 'en')).toBe(true);
    });

    it('hybrid retrieval equals embedding + keyword retrievers fused by DocumentJoiner (RRF)', async () => {
      const cases = [
        { q: 3, query: 'rocket orbit', weights: [1, 1] as [number, number], rrfK: 60, candidateK: 20, topK: 10 },
        { q: 8, query: 'kitten OR yeast', weights: [0.7, 0.3] as [number, number], rrfK: 60, candidateK: 30, topK: 15 },
        { q: 100, query: 'database -index', weights: [1, 3] as [number, number], rrfK: 10, candidateK: 25, topK: 25 },
      ];
      for (const c of cases) {
        const queryEmbedding = docs[c.q]?.embedding as number[];
        const filters = { field: 'meta.year', operator: '>=' as const, value: 2005 };
        const emb = new PgvectorEmbeddingRetriever({ documentStore: store, topK: c.candidateK });
        const kw = new PgvectorKeywordRetriever({ documentStore: store, topK: c.candidateK });
        const joiner = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: c.weights, rrfK: c.rrfK, topK: c.topK });
        const lists = [
          (await emb.run({ queryEmbedding, filters })).documents,
          (await kw.run({ query: c.query, filters })).documents,
        ];
        const expected = (await joiner.run({ documents: lists })).documents;
        // Both statement shapes: fused in SQL (with embeddings) and candidate lists fused in JS.
        for (const returnEmbedding of [true, false]) {
          const hybrid = new PgvectorHybridRetriever({
            documentStore: store,
            topK: c.topK,
            candidateK: c.candidateK,
            weights: c.weights,
            rrfK: c.rrfK,
            returnEmbedding,
          });
          const got = (await hybrid.run({ queryEmbedding, query: c.query, filters })).documents;
          expect(got.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          got.forEach((d, i) => {
            expect(d.score).toBeCloseTo(expected[i]?.score as number, 12);
            expect(d.content).toBe(expected[i]?.content);
            expect(d.meta).toEqual(expected[i]?.meta);
            expect(d.embedding).toEqual(returnEmbedding ? expected[i]?.embedding : undefined);
          });
          expect(got[0]?.score).toBeLessThanOrEqual(1);
        }
      }
    });

    it('hybrid exact scans: both statement shapes return the same ranking', async () => {
      for (const [q, query] of [
        [3, 'rocket orbit'],
        [41, 'kitten OR yeast'],
        [77, 'the'],
      ] as const) {
        const base = { queryEmbedding: docs[q]?.embedding as number[], query, topK: 12, candidateK: 25, exact: true };
        const fused = await store.hybridRetrieval({ ...base, returnEmbedding: true });
        const lists = await store.hybridRetrieval({ ...base, returnEmbedding: false });
        expect(fused.length).toBe(12);
        expect(lists.map((d) => d.id)).toEqual(fused.map((d) => d.id));
        lists.forEach((d, i) => {
          expect(d.score).toBeCloseTo(fused[i]?.score as number, 12);
        });
      }
    });

    it('hybrid with a stop-word query degrades to the vector ranking', async () => {
      const queryEmbedding = docs[9]?.embedding as number[];
      const got = await store.hybridRetrieval({ queryEmbedding, query: 'the', topK: 5 });
      const vec = await store.embeddingRetrieval({ queryEmbedding, topK: 5 });
      expect(got.map((d) => d.id)).toEqual(vec.map((d) => d.id));
    });

    it('retrievers apply filterPolicy replace / merge and run-time topK', async () => {
      const queryEmbedding = docs[0]?.embedding as number[];
      const base = { field: 'meta.lang', operator: '==' as const, value: 'en' };
      const runtime = { field: 'meta.year', operator: '<' as const, value: 2003 };
      const replace = new PgvectorEmbeddingRetriever({ documentStore: store, filters: base, topK: 20 });
      const merge = new PgvectorEmbeddingRetriever({ documentStore: store, filters: base, topK: 20, filterPolicy: 'merge' });
      const r = (await replace.run({ queryEmbedding, filters: runtime, topK: 7 })).documents;
      expect(r).toHaveLength(7);
      expect(r.every((d) => (d.meta.year as number) < 2003)).toBe(true);
      expect(r.some((d) => d.meta.lang !== 'en')).toBe(true);
      const m = (await merge.run({ queryEmbedding, filters: runtime })).documents;
      expect(m.length).toBeGreaterThan(0);
      expect(m.every((d) => (d.meta.year as number) < 2003 && d.meta.lang === 'en')).toBe(true);
      await expect(
        replace.run({ queryEmbedding, filters: { field: 'year', operator: '==', value: 1 } as never }),
      ).rejects.toMatchObject({ code: 'FILTER_INVALID' });
      await expect(replace.run({ queryEmbedding: [1, 2] })).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
    });

    it('honors an aborted signal', async () => {
      const ctrl = new AbortController();
      ctrl.abort(new Error('stop'));
      const r = new PgvectorKeywordRetriever({ documentStore: store });
      await expect(
        r.run({ query: 'cat' }, { signal: ctrl.signal, tracer: { onEvent() {} }, componentName: 'kw' }),
      ).rejects.toThrow('stop');
    });

    it('retrievers serialize with their store and declare the shared socket names', () => {
      for (const r of [
        new PgvectorEmbeddingRetriever({ documentStore: store, topK: 3 }),
        new PgvectorKeywordRetriever({ documentStore: store }),
        new PgvectorHybridRetriever({ documentStore: store, weights: [2, 1] }),
      ]) {
        const json = r.toJSON();
        expect(json.type.startsWith('pgvector.')).toBe(true);
        expect((json.options.documentStore as { type: string }).type).toBe('pgvector.PgvectorDocumentStore');
        expect(JSON.parse(JSON.stringify(json))).toEqual(json);
        expect(Object.keys(r.outputSockets)).toEqual(['documents']);
        expect(r.inputSockets).toHaveProperty('filters');
        expect(r.inputSockets).toHaveProperty('topK');
        if (opts.roundTrip) {
          const copy = defaultRegistry.createComponent(json);
          expect(copy.toJSON()).toEqual(json);
        } else {
          expect(() => defaultRegistry.createComponent(json)).toThrow(expect.objectContaining({ code: 'SERIALIZATION' }));
        }
      }
    });

    vectorTypeTests(base, opts);
  });
}
