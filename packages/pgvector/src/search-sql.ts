import type { Filter } from '@synapse-rag/core';
import { encodeVectorParam } from './binary-copy.js';
import { filterToSql, SqlParams } from './filters-to-sql.js';
import { quoteIdentifier } from './identifiers.js';
import type { VectorFunction } from './pgvector-store-options.js';
import type { SqlParam } from './sql-client.js';
import { type DetectedTable, type TableLayout, tsvectorSql } from './table-layout.js';

/**
 * Pure builders of the store's search statements (no I/O): each returns the SQL text and its
 * parameters, tested on exact strings in `search-sql.test.ts`.
 */

const DISTANCE_OPERATORS = { cosine_similarity: '<=>', inner_product: '<#>', l2_distance: '<->' } as const;

/** A statement ready to run. */
export interface CompiledSearch {
  sql: string;
  params: SqlParam[];
  /** A filter restricts the rows (HNSW iterative scans only matter then). */
  filtered: boolean;
}

/** The table the statements are written for: its layout and what initialization found. */
export interface SearchTable {
  layout: TableLayout;
  detected: DetectedTable;
}

/** `<alias>.id, content, meta, embedding` — the embedding in binary (`vector_send`) or a NULL. */
export function selectColumnsSql(layout: TableLayout, alias: string, returnEmbedding: boolean): string {
  const a = quoteIdentifier(alias);
  // Binary (`vector_send`): the server does not print, nor the client parse, hundreds of decimals.
  const emb = returnEmbedding ? `${layout.vectorType}_send(${a}.embedding)` : 'NULL::bytea';
  return `${a}.id, ${a}.content, ${a}.meta, ${emb} AS embedding`;
}

/** The distance of `<alias>.embedding` to the query vector parameter. */
export function distanceSql(layout: TableLayout, alias: string, queryParam: string): string {
  return `(${quoteIdentifier(alias)}.embedding ${DISTANCE_OPERATORS[layout.vectorFunction]} ${queryParam}::${layout.vectorType})`;
}

/** The score of a distance: cosine similarity, the inner product, or the L2 distance itself. */
export function scoreSql(vectorFunction: VectorFunction, distance: string): string {
  switch (vectorFunction) {
    case 'cosine_similarity':
      return `(1 - ${distance})`;
    case 'inner_product':
      return `(-${distance})`;
    case 'l2_distance':
      return distance;
  }
}

/**
 * `SELECT <columns>, distance` of the `limit` rows nearest by `distance`. Indexed: `ORDER BY
 * <distance expression>`, which the planner answers with the HNSW index; the columns are
 * projected only for the rows the index returns. Exact: ordered by `distance + 0`, an expression
 * no index provides, so the HNSW index cannot be used and the planner may choose a parallel
 * sequential scan (Gather Merge) on large tables; the distance is computed once per row. Exact
 * callers select `d.id` alone (wider columns would be copied into the sort for every row) and
 * join the winners back.
 *
 * Callers re-sort the result by `distance + 0`: with `hnsw.iterative_scan = relaxed_order` later
 * scan iterations may return closer rows than earlier ones, but the planner takes the index
 * order as given (a subquery's, and from Postgres 17 a materialized CTE's) and would only sort
 * ties — an expression forces a real sort (pgvector's documented idiom).
 */
export function nearestSql(
  table: string,
  indexed: boolean,
  distance: string,
  where: string,
  limit: string,
  columns = 'd.id',
): string {
  const value = indexed ? distance : `(${distance} + 0)`;
  return `SELECT ${columns}, ${value} AS distance FROM ${table} AS d
 WHERE d.embedding IS NOT NULL AND ${where}
 ORDER BY ${indexed ? distance : 'distance'} LIMIT ${limit}::int`;
}

/** `filters` as a condition on alias `d` of the table. */
function whereSql(t: SearchTable, filters: Filter | undefined, params: SqlParams): string {
  return filterToSql(filters, params, { alias: 'd', metaNotNull: t.detected.metaNotNull });
}

function queryVector(t: SearchTable, embedding: readonly number[], params: SqlParams): string {
  return params.add(encodeVectorParam(embedding, t.layout.vectorType === 'halfvec'));
}

/** Every document matching `filters`, ordered by id, with embeddings. */
export function filterDocumentsSql(t: SearchTable, filters: Filter | undefined): CompiledSearch {
  const params = new SqlParams();
  const where = whereSql(t, filters, params);
  const sql = `SELECT ${selectColumnsSql(t.layout, 'd', true)} FROM ${t.layout.table} AS d WHERE ${where} ORDER BY d.id`;
  return { sql, params: params.values, filtered: where !== 'TRUE' };
}

/** Arguments of {@link embeddingSearchSql}. */
export interface EmbeddingSearch {
  queryEmbedding: readonly number[];
  filters?: Filter | undefined;
  topK: number;
  returnEmbedding: boolean;
  /** Through the HNSW index (else an exact scan). */
  indexed: boolean;
  /**
   * The indexed scan's HNSW settings condition (`hnswSettingsCondition`), given whether a filter
   * restricts the rows; added to the vector scan's WHERE. Unused for exact scans.
   */
  hnswSettings?: HnswSettings | undefined;
}

/** Builds an indexed scan's HNSW settings condition (its values added to `params`), or `undefined` when none is needed. */
export type HnswSettings = (filtered: boolean, params: SqlParams) => string | undefined;

/** `where` plus the HNSW settings condition of an indexed scan, when it needs one. */
function withHnswSettings(s: EmbeddingSearch, where: string, params: SqlParams): string {
  const settings = s.indexed ? s.hnswSettings?.(where !== 'TRUE', params) : undefined;
  return settings === undefined ? where : `${where} AND ${settings}`;
}

/**
 * The `topK` nearest rows with `score`, best first, ties by id. Indexed: the index scan projects
 * the columns of its k rows directly (cheaper than a CTE + join back). Exact: rank on (id, distance) only, then fetch the columns of the k winners.
 */
export function embeddingSearchSql(t: SearchTable, s: EmbeddingSearch): CompiledSearch {
  const { layout } = t;
  const params = new SqlParams();
  const q = queryVector(t, s.queryEmbedding, params);
  const where = whereSql(t, s.filters, params);
  const limit = params.add(String(s.topK));
  const distance = distanceSql(layout, 'd', q);
  const columns = selectColumnsSql(layout, 'd', s.returnEmbedding);
  const sql = s.indexed
    ? `SELECT r.id, r.content, r.meta, r.embedding, ${scoreSql(layout.vectorFunction, 'r.distance')}::float8 AS score
  FROM (${nearestSql(layout.table, true, distance, withHnswSettings(s, where, params), limit, columns)}) AS r
 ORDER BY r.distance + 0, r.id`
    : `WITH r AS MATERIALIZED (
${nearestSql(layout.table, false, distance, where, limit)})
SELECT ${columns}, ${scoreSql(layout.vectorFunction, 'r.distance')}::float8 AS score
  FROM r JOIN ${layout.table} AS d ON d.id = r.id
 ORDER BY r.distance, r.id`;
  return { sql, params: params.values, filtered: where !== 'TRUE' };
}

/** Arguments of {@link keywordSearchSql}. */
export interface KeywordSearch {
  query: string;
  filters?: Filter | undefined;
  topK: number;
  returnEmbedding: boolean;
}

/** `websearch_to_tsquery` matches ranked by `ts_rank_cd`, best first, ties by id. */
export function keywordSearchSql(t: SearchTable, s: KeywordSearch): CompiledSearch {
  const { layout } = t;
  const params = new SqlParams();
  const tsq = `websearch_to_tsquery(${layout.regconfig}, ${params.add(s.query)}::text)`;
  const where = whereSql(t, s.filters, params);
  const limit = params.add(String(s.topK));
  const tsv = tsvectorSql(layout, t.detected, 'd');
  const sql = `SELECT ${selectColumnsSql(layout, 'd', s.returnEmbedding)}, ts_rank_cd(${tsv}, ${tsq})::float8 AS score
  FROM ${layout.table} AS d
 WHERE numnode(${tsq}) > 0 AND ${tsv} @@ ${tsq} AND ${where}
 ORDER BY score DESC, d.id
 LIMIT ${limit}::int`;
  return { sql, params: params.values, filtered: where !== 'TRUE' };
}

/** Arguments of {@link hybridSearchSql}. */
export interface HybridSearch extends EmbeddingSearch {
  query: string;
  candidateK: number;
  /** RRF constant. */
  k: number;
  /** Weights of the vector and keyword lists. */
  weights: readonly [number, number];
}

/** SQL fragments both hybrid statement shapes are built from. */
interface HybridParts {
  table: SearchTable;
  indexed: boolean;
  /** The distance expression of `d.embedding` to the query vector. */
  distance: string;
  /** Filter condition of the vector half (with the HNSW settings condition of an indexed scan). */
  whereV: string;
  /** Full WHERE condition of the keyword half (non-empty tsquery, match, filter). */
  keywordMatch: string;
  /** `ts_rank_cd` expression of a row `d`. */
  kscore: string;
  /** Placeholder of candidateK. */
  n: string;
}

/**
 * Vector + keyword search in ONE statement, in one of two shapes chosen by `returnEmbedding`
 * (see `PgvectorDocumentStore.hybridRetrieval`): without embeddings both ranked candidate lists
 * (`src` 0 / 1) for fusion in JavaScript; with them the fusion in SQL (rows carry `vn`, the
 * vector list's length).
 */
export function hybridSearchSql(t: SearchTable, s: HybridSearch): CompiledSearch {
  const { layout } = t;
  const params = new SqlParams();
  const q = queryVector(t, s.queryEmbedding, params);
  const tsq = `websearch_to_tsquery(${layout.regconfig}, ${params.add(s.query)}::text)`;
  const whereV = whereSql(t, s.filters, params);
  const whereK = whereSql(t, s.filters, params);
  const n = params.add(String(s.candidateK));
  const tsv = tsvectorSql(layout, t.detected, 'd');
  const parts: HybridParts = {
    table: t,
    indexed: s.indexed,
    distance: distanceSql(layout, 'd', q),
    whereV: withHnswSettings(s, whereV, params),
    keywordMatch: `numnode(${tsq}) > 0 AND ${tsv} @@ ${tsq} AND ${whereK}`,
    kscore: `ts_rank_cd(${tsv}, ${tsq})::float8`,
    n,
  };
  const sql = s.returnEmbedding ? hybridFusedSql(parts, params, s) : hybridCandidatesSql(parts);
  return { sql, params: params.values, filtered: whereV !== 'TRUE' };
}

/**
 * Both ranked candidate lists, without embeddings: `src` 0 = vector list ordered by distance,
 * 1 = keyword list ordered by `ts_rank_cd` descending (its `distance` column holds −rank), ties by id.
 */
function hybridCandidatesSql(p: HybridParts): string {
  const { table } = p.table.layout;
  const columns = selectColumnsSql(p.table.layout, 'd', false);
  const vector = p.indexed
    ? nearestSql(table, true, p.distance, p.whereV, p.n, `0 AS src, ${columns}`)
    : `SELECT 0 AS src, ${columns}, r.distance FROM (${nearestSql(table, false, p.distance, p.whereV, p.n)}) AS r JOIN ${table} AS d ON d.id = r.id`;
  return `SELECT * FROM ((${vector})
UNION ALL
(SELECT 1, ${columns}, (-${p.kscore}) AS distance FROM ${table} AS d WHERE ${p.keywordMatch} ORDER BY distance, d.id LIMIT ${p.n}::int)) AS c
ORDER BY c.src, c.distance + 0, c.id`;
}

/** The fusion in SQL: each half ranks ids, one FULL JOIN fuses them, the topK winners get their columns. */
function hybridFusedSql(p: HybridParts, params: SqlParams, s: HybridSearch): string {
  const { table } = p.table.layout;
  const [w1, w2] = s.weights;
  const wv = w1 / (w1 + w2);
  const wk = w2 / (w1 + w2);
  const kp = params.add(String(s.k));
  const wvp = params.add(String(wv));
  const wkp = params.add(String(wk));
  const normp = params.add(String(wv / (s.k + 1) + wk / (s.k + 1)));
  const top = params.add(String(s.topK));
  return `WITH v AS MATERIALIZED (
${nearestSql(table, p.indexed, p.distance, p.whereV, p.n)}),
kw AS MATERIALIZED (
  SELECT d.id, ${p.kscore} AS kscore FROM ${table} AS d
   WHERE ${p.keywordMatch}
   ORDER BY kscore DESC, d.id LIMIT ${p.n}::int),
f AS (
  SELECT coalesce(vr.id, kr.id) AS id,
         coalesce(${wvp}::float8 / (${kp}::float8 + vr.rank), 0) + coalesce(${wkp}::float8 / (${kp}::float8 + kr.rank), 0) AS s,
         coalesce(vr.rank, ${p.n}::int + kr.rank) AS first_seen
    FROM (SELECT id, row_number() OVER (ORDER BY distance + 0, id) AS rank FROM v) AS vr
    FULL JOIN (SELECT id, row_number() OVER (ORDER BY kscore DESC, id) AS rank FROM kw) AS kr ON kr.id = vr.id
   ORDER BY s DESC, first_seen
   LIMIT ${top}::int)
SELECT ${selectColumnsSql(p.table.layout, 'd', true)}, (f.s / ${normp}::float8)::float8 AS score, (SELECT count(*) FROM v)::int AS vn
  FROM f JOIN ${table} AS d ON d.id = f.id
 ORDER BY f.s DESC, f.first_seen`;
}
