import { describe, expect, it } from 'vitest';
import { encodeVectorParam } from './binary-copy.js';
import { SqlParams } from './filters-to-sql.js';
import { type HnswSearch, hnswSettingsCondition } from './hnsw-settings.js';
import { PgvectorStoreOptionsSchema } from './pgvector-store-options.js';
import { embeddingSearchSql, filterDocumentsSql, hybridSearchSql, keywordSearchSql, type SearchTable } from './search-sql.js';
import { tableLayout } from './table-layout.js';

const layout = tableLayout(PgvectorStoreOptionsSchema.parse({ tableName: 'docs', embeddingDimension: 2 }));
const table: SearchTable = { layout, detected: { hasStoredTsvector: true, metaNotNull: true, iterativeScanSupported: true } };
const q = encodeVectorParam([1, 0], false);
const lang = { field: 'meta.lang', operator: '==', value: 'en' } as const;

describe('search SQL builders (no database)', () => {
  it('exact embedding search ranks ids by distance + 0, then joins the winners; the filter is a parameter', () => {
    const s = embeddingSearchSql(table, {
      queryEmbedding: [1, 0],
      filters: lang,
      topK: 3,
      returnEmbedding: false,
      indexed: false,
    });
    expect(s.sql).toBe(`WITH r AS MATERIALIZED (
SELECT d.id, (("d".embedding <=> $1::vector) + 0) AS distance FROM "public"."docs" AS d
 WHERE d.embedding IS NOT NULL AND ("d"."meta" @> $2::text::jsonb)
 ORDER BY distance LIMIT $3::int)
SELECT "d".id, "d".content, "d".meta, NULL::bytea AS embedding, (1 - r.distance)::float8 AS score
  FROM r JOIN "public"."docs" AS d ON d.id = r.id
 ORDER BY r.distance, r.id`);
    expect(s.params).toEqual([q, '{"lang":"en"}', '3']);
    expect(s.filtered).toBe(true);
  });

  it('indexed embedding search orders by the distance expression (HNSW) and re-sorts by distance + 0', () => {
    const s = embeddingSearchSql(table, { queryEmbedding: [1, 0], topK: 3, returnEmbedding: true, indexed: true });
    expect(s.sql).toBe(`SELECT r.id, r.content, r.meta, r.embedding, (1 - r.distance)::float8 AS score
  FROM (SELECT "d".id, "d".content, "d".meta, vector_send("d".embedding) AS embedding, ("d".embedding <=> $1::vector) AS distance FROM "public"."docs" AS d
 WHERE d.embedding IS NOT NULL AND TRUE
 ORDER BY ("d".embedding <=> $1::vector) LIMIT $2::int) AS r
 ORDER BY r.distance + 0, r.id`);
    expect([s.params, s.filtered]).toEqual([[q, '3'], false]);
  });

  it('inner product and L2 scores; halfvec casts and reads halfvec', () => {
    const ip = tableLayout(PgvectorStoreOptionsSchema.parse({ embeddingDimension: 2, vectorFunction: 'inner_product' }));
    const l2 = tableLayout(
      PgvectorStoreOptionsSchema.parse({ embeddingDimension: 2, vectorFunction: 'l2_distance', vectorType: 'halfvec' }),
    );
    const args = { queryEmbedding: [1, 0], topK: 1, returnEmbedding: true, indexed: true };
    expect(embeddingSearchSql({ ...table, layout: ip }, args).sql).toContain('(-r.distance)::float8 AS score');
    const half = embeddingSearchSql({ ...table, layout: l2 }, args);
    expect(half.sql).toContain('r.distance::float8 AS score');
    expect(half.sql).toContain('halfvec_send("d".embedding) AS embedding, ("d".embedding <-> $1::halfvec) AS distance');
    expect(half.params[0]).toEqual(encodeVectorParam([1, 0], true));
  });

  it('keyword search on a table without content_tsv uses the indexed expression', () => {
    const s = keywordSearchSql(
      { ...table, detected: { ...table.detected, hasStoredTsvector: false } },
      { query: 'cat', topK: 3, returnEmbedding: false },
    );
    const tsq = `websearch_to_tsquery('english'::regconfig, $1::text)`;
    const tsv = `to_tsvector('english'::regconfig, "d".content)`;
    expect(
      s.sql,
    ).toBe(`SELECT "d".id, "d".content, "d".meta, NULL::bytea AS embedding, ts_rank_cd(${tsv}, ${tsq})::float8 AS score
  FROM "public"."docs" AS d
 WHERE numnode(${tsq}) > 0 AND ${tsv} @@ ${tsq} AND TRUE
 ORDER BY score DESC, d.id
 LIMIT $2::int`);
    expect(s.params).toEqual(['cat', '3']);
  });

  it('hybrid without embeddings returns both ranked candidate lists in one UNION ALL', () => {
    const s = hybridSearchSql(table, {
      queryEmbedding: [1, 0],
      query: 'cat',
      topK: 3,
      candidateK: 20,
      k: 60,
      weights: [1, 3],
      returnEmbedding: false,
      indexed: true,
    });
    const tsq = `websearch_to_tsquery('english'::regconfig, $2::text)`;
    expect(
      s.sql,
    ).toBe(`SELECT * FROM ((SELECT 0 AS src, "d".id, "d".content, "d".meta, NULL::bytea AS embedding, ("d".embedding <=> $1::vector) AS distance FROM "public"."docs" AS d
 WHERE d.embedding IS NOT NULL AND TRUE
 ORDER BY ("d".embedding <=> $1::vector) LIMIT $3::int)
UNION ALL
(SELECT 1, "d".id, "d".content, "d".meta, NULL::bytea AS embedding, (-ts_rank_cd("d".content_tsv, ${tsq})::float8) AS distance FROM "public"."docs" AS d WHERE numnode(${tsq}) > 0 AND "d".content_tsv @@ ${tsq} AND TRUE ORDER BY distance, d.id LIMIT $3::int)) AS c
ORDER BY c.src, c.distance + 0, c.id`);
    expect(s.params).toEqual([q, 'cat', '20']);
  });

  it('hybrid with embeddings fuses in SQL with normalized weights and the RRF normalizer as parameters', () => {
    const s = hybridSearchSql(table, {
      queryEmbedding: [1, 0],
      query: 'cat',
      filters: lang,
      topK: 3,
      candidateK: 20,
      k: 60,
      weights: [1, 3],
      returnEmbedding: true,
      indexed: false,
    });
    const tsq = `websearch_to_tsquery('english'::regconfig, $2::text)`;
    expect(s.sql).toBe(`WITH v AS MATERIALIZED (
SELECT d.id, (("d".embedding <=> $1::vector) + 0) AS distance FROM "public"."docs" AS d
 WHERE d.embedding IS NOT NULL AND ("d"."meta" @> $3::text::jsonb)
 ORDER BY distance LIMIT $5::int),
kw AS MATERIALIZED (
  SELECT d.id, ts_rank_cd("d".content_tsv, ${tsq})::float8 AS kscore FROM "public"."docs" AS d
   WHERE numnode(${tsq}) > 0 AND "d".content_tsv @@ ${tsq} AND ("d"."meta" @> $4::text::jsonb)
   ORDER BY kscore DESC, d.id LIMIT $5::int),
f AS (
  SELECT coalesce(vr.id, kr.id) AS id,
         coalesce($7::float8 / ($6::float8 + vr.rank), 0) + coalesce($8::float8 / ($6::float8 + kr.rank), 0) AS s,
         coalesce(vr.rank, $5::int + kr.rank) AS first_seen
    FROM (SELECT id, row_number() OVER (ORDER BY distance + 0, id) AS rank FROM v) AS vr
    FULL JOIN (SELECT id, row_number() OVER (ORDER BY kscore DESC, id) AS rank FROM kw) AS kr ON kr.id = vr.id
   ORDER BY s DESC, first_seen
   LIMIT $10::int)
SELECT "d".id, "d".content, "d".meta, vector_send("d".embedding) AS embedding, (f.s / $9::float8)::float8 AS score, (SELECT count(*) FROM v)::int AS vn
  FROM f JOIN "public"."docs" AS d ON d.id = f.id
 ORDER BY f.s DESC, f.first_seen`);
    expect(s.params).toEqual([q, 'cat', '{"lang":"en"}', '{"lang":"en"}', '20', '60', '0.25', '0.75', String(1 / 61), '3']);
    expect(s.filtered).toBe(true);
  });

  it('filterDocuments reads every column ordered by id', () => {
    expect(filterDocumentsSql(table, undefined)).toEqual({
      sql: `SELECT "d".id, "d".content, "d".meta, vector_send("d".embedding) AS embedding FROM "public"."docs" AS d WHERE TRUE ORDER BY d.id`,
      params: [],
      filtered: false,
    });
  });
});

describe('HNSW settings inside the search statement (no database)', () => {
  type Options = Parameters<typeof hnswSettingsCondition>[1];
  const options: Options = { hnswEfSearch: undefined, hnswIterativeScan: 'relaxed_order', hnswMaxScanTuples: 5000 };
  const search: HnswSearch = { indexed: true, filtered: false, limit: 10, efSearch: undefined, iterativeScanSupported: true };
  /** The condition and its parameters, numbered after `before` parameters already in the statement. */
  const condition = (s: HnswSearch, o: Options = options, before = 0) => {
    const params = new SqlParams();
    for (let i = 0; i < before; i++) params.add(`p${i}`);
    const sql = hnswSettingsCondition(s, o, params);
    return { sql, params: params.values.slice(before) };
  };

  it('an unfiltered indexed search within ef_search needs no setting; an exact one never does', () => {
    expect(condition(search)).toEqual({ sql: undefined, params: [] });
    expect(condition({ ...search, indexed: false, filtered: true, efSearch: 5 })).toEqual({ sql: undefined, params: [] });
  });

  it('a filtered search turns on iterative scans capped by hnswMaxScanTuples (pgvector >= 0.8 only)', () => {
    expect(condition({ ...search, filtered: true }, options, 3)).toEqual({
      sql: `(SELECT set_config('hnsw.iterative_scan', $4::text, true) || set_config('hnsw.max_scan_tuples', $5::text, true)) IS NOT NULL`,
      params: ['relaxed_order', '5000'],
    });
    expect(condition({ ...search, filtered: true, iterativeScanSupported: false }).sql).toBeUndefined();
    expect(condition({ ...search, filtered: true }, { ...options, hnswIterativeScan: 'off' }).sql).toBeUndefined();
  });

  it('a limit above 40 raises ef_search without lowering a higher server default; efSearch is raised to the limit', () => {
    expect(condition({ ...search, limit: 100 })).toEqual({
      sql: `(SELECT set_config('hnsw.ef_search', greatest(coalesce(current_setting('hnsw.ef_search', true)::int, 40), $1::int)::text, true)) IS NOT NULL`,
      params: ['100'],
    });
    expect(condition({ ...search, efSearch: 5 }).params).toEqual(['10']);
    expect(condition({ ...search, limit: 5000 }, { ...options, hnswEfSearch: 64 }).params).toEqual(['1000']);
  });

  it('the builders put the condition into the indexed vector scan only, with its parameters numbered after theirs', () => {
    const settings = (filtered: boolean, params: SqlParams) =>
      hnswSettingsCondition({ ...search, filtered, limit: 50 }, options, params);
    const gate = (n: number) =>
      `(SELECT set_config('hnsw.ef_search', greatest(coalesce(current_setting('hnsw.ef_search', true)::int, 40), $${n}::int)::text, true)) IS NOT NULL`;
    const embedding = embeddingSearchSql(table, {
      queryEmbedding: [1, 0],
      topK: 50,
      returnEmbedding: false,
      indexed: true,
      hnswSettings: settings,
    });
    expect(embedding.sql).toContain(` WHERE d.embedding IS NOT NULL AND TRUE AND ${gate(3)}\n ORDER BY`);
    expect(embedding.params).toEqual([q, '50', '50']);
    expect(embedding.filtered).toBe(false);
    const hybridArgs = { queryEmbedding: [1, 0], query: 'cat', topK: 50, candidateK: 50, k: 60, weights: [1, 1] as const };
    for (const returnEmbedding of [false, true]) {
      const hybrid = hybridSearchSql(table, { ...hybridArgs, returnEmbedding, indexed: true, hnswSettings: settings });
      expect(hybrid.sql.split(gate(4))).toHaveLength(2); // once: the vector half
      expect(hybrid.sql).toContain(`WHERE d.embedding IS NOT NULL AND TRUE AND ${gate(4)}`);
      expect(hybrid.params.slice(0, 4)).toEqual([q, 'cat', '50', '50']);
    }
    // exact scans never get it; without a needed setting the statement is unchanged
    expect(
      embeddingSearchSql(table, {
        queryEmbedding: [1, 0],
        topK: 50,
        returnEmbedding: false,
        indexed: false,
        hnswSettings: settings,
      }).sql,
    ).not.toContain('set_config');
    const plain = { queryEmbedding: [1, 0], topK: 3, returnEmbedding: true, indexed: true };
    expect(
      embeddingSearchSql(table, {
        ...plain,
        hnswSettings: (f, p) => hnswSettingsCondition({ ...search, filtered: f }, options, p),
      }),
    ).toEqual(embeddingSearchSql(table, plain));
  });
});
