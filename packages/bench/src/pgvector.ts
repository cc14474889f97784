/**
 * `npm run bench:pgvector` — write throughput (multi-row INSERT vs binary COPY), query latency
 * (exact, HNSW, keyword, hybrid — the one-statement retriever and, for comparison, a pipeline of
 * the two retrievers running concurrently into DocumentJoiner; p50/p95/p99) and HNSW recall@10 vs
 * exact, at several sizes of
 * clustered 384-d vectors, on a real PostgreSQL server and on PGlite, all with the store's default
 * table layout (stored generated `content_tsv`, GIN on it); then the `storedTsvector: false`
 * variant (GIN on the expression `to_tsvector(language, content)`): its COPY throughput and the
 * keyword / hybrid queries it trades for it. Plus LangChain.js `PGVectorStore` (addVectors,
 * similarity search) on the same server for a side-by-side ratio.
 *
 * Flags (or env):
 *   --sizes=10000,100000        BENCH_SIZES          document counts for the server
 *   --pglite-sizes=10000,100000 BENCH_PGLITE_SIZES   document counts for PGlite ("" = skip PGlite)
 *   --dim=384                   BENCH_DIM
 *   --queries=200               BENCH_QUERIES        timed queries per kind
 *   --insert-sample=20000       BENCH_INSERT_SAMPLE  rows written through multi-row INSERT (capped at size)
 *   --langchain=true            BENCH_LANGCHAIN      run the LangChain PGVectorStore comparison
 *   --runs=1                    BENCH_RUNS           repeat everything; tables show per-figure medians
 *   --json=FILE                                      also write raw results (every run) as JSON
 *   --report=FILE                                    print the tables of a saved --json file, measure nothing
 *   DATABASE_URL                use this server instead of starting a throwaway cluster
 * Quick run: npm run bench:pgvector -- --sizes=2000 --pglite-sizes=2000 --queries=30
 */
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { type Document, DocumentJoiner, Pipeline } from '@synapse-rag/core';
import {
  createPglite,
  encodeVectorParam,
  PgvectorDocumentStore,
  type PgvectorDocumentStoreInit,
  PgvectorEmbeddingRetriever,
  PgvectorKeywordRetriever,
} from '@synapse-rag/pgvector';
import { localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { flag, type Latency, log, median, recall, sizesOf, timeInterleaved, writeInterleaved } from './bench-utils.js';
import { type Dataset, makeDataset } from './clustered-dataset.js';

// ---------------------------------------------------------------- options

const SIZES = sizesOf(flag('sizes', 'BENCH_SIZES', '10000,100000'));
const PGLITE_SIZES = sizesOf(flag('pglite-sizes', 'BENCH_PGLITE_SIZES', '10000,100000'));
const DIM = Number(flag('dim', 'BENCH_DIM', '384'));
const QUERIES = Number(flag('queries', 'BENCH_QUERIES', '200'));
const INSERT_SAMPLE = Number(flag('insert-sample', 'BENCH_INSERT_SAMPLE', '20000'));
const LANGCHAIN = flag('langchain', 'BENCH_LANGCHAIN', 'true') !== 'false';
const JSON_OUT = flag('json', 'BENCH_JSON', '');
const RUNS = Number(flag('runs', 'BENCH_RUNS', '1'));
const REPORT = flag('report', 'BENCH_REPORT', '');
const SERVER = 'PostgreSQL 15 server';
const PGLITE = 'PGlite (in process)';
const COPY_BATCH = 10_000;
const WARMUP = 10;

// ---------------------------------------------------------------- measuring

interface RunResult {
  target: string;
  size: number;
  insertDocsPerSec?: number;
  insertRows?: number;
  copyDocsPerSec: number;
  copyOverwriteDocsPerSec: number;
  indexBuildSec: number;
  exact: Latency;
  hnsw: Latency;
  keyword: Latency;
  hybrid: Latency;
  /**
   * Hybrid as a pipeline: embedding + keyword retrievers (candidateK each) → DocumentJoiner (RRF),
   * the two queries running concurrently (on two pooled connections on a server). Absent in
   * reports saved before it was measured.
   */
  hybridPipeline?: Latency;
  /** {@link hybridFloor}: the hybrid statement with an unranked keyword half. Absent in older reports. */
  hybridFloor?: Latency;
  keywordBroad: Latency;
  hybridBroad: Latency;
  hnswFiltered: Latency;
  /**
   * HNSW with a 0.1 % filter whose rows lie far from the query (`meta.cluster` == another cluster):
   * the case where an iterative scan runs out of `hnsw.max_scan_tuples`. Absent in older reports.
   */
  hnswSelective?: Latency;
  /** Share of the selective-filter queries that returned the full topK. */
  selectiveFull?: number;
  /**
   * The retrievers' default `returnEmbedding: true` (embeddings read as binary `vector_send`):
   * HNSW and the hybrid (SQL-fusion shape). Absent in reports saved before it was measured.
   */
  withEmbeddings?: { hnsw: Latency; hybrid: Latency };
  recallAt10: number;
  filteredFull: number;
  /** The `storedTsvector: false` variant (GIN on the expression): writes, HNSW and the keyword/hybrid queries. */
  variant: {
    copyDocsPerSec: number;
    indexBuildSec: number;
    hnsw: Latency;
    keyword: Latency;
    hybrid: Latency;
    keywordBroad: Latency;
    hybridBroad: Latency;
  };
  langchain?: {
    addVectorsDocsPerSec: number;
    addRows: number;
    exact: Latency;
    hnsw: Latency;
    indexBuildSec: number;
    recallAt10: number;
  };
}

type Query = Dataset['queries'][number];

/** `name p50/p95` pairs for progress lines. */
const brief = (ls: Record<string, Latency>) =>
  Object.entries(ls)
    .map(([k, l]) => `${k} ${l.p50.toFixed(2)}/${l.p95.toFixed(2)}`)
    .join(', ');

/** What a LangChain.js `PGVectorStore` contender does in the benchmark. */
interface LangchainContender {
  add(batch: readonly Document[]): Promise<void>;
  search(embedding: number[]): Promise<string[]>;
  createIndex(): Promise<void>;
  drop(): Promise<void>;
}

async function langchainContender(url: string, size: number): Promise<LangchainContender> {
  const { PGVectorStore } = await import('@langchain/community/vectorstores/pgvector');
  const { Document: LcDocument } = await import('@langchain/core/documents');
  const embeddings = {
    embedQuery: async () => {
      throw new Error('not used');
    },
    embedDocuments: async () => {
      throw new Error('not used');
    },
  };
  const tableName = `bench_langchain_${size}`;
  const lc = await PGVectorStore.initialize(embeddings as never, {
    postgresConnectionOptions: { connectionString: url, max: 2 },
    tableName,
    dimensions: DIM,
    distanceStrategy: 'cosine',
  });
  return {
    add: async (batch) => {
      await lc.addVectors(
        batch.map((d) => d.embedding as number[]),
        batch.map((d) => new LcDocument({ pageContent: d.content, metadata: d.meta })),
      );
    },
    search: async (embedding) =>
      (await lc.similaritySearchVectorWithScore(embedding, 10)).map(([d]) => String(d.id ?? d.pageContent)),
    createIndex: () => lc.createHnswIndex({ dimensions: DIM, m: 16, efConstruction: 64, namespace: tableName }),
    drop: async () => {
      await lc.pool.query(`DROP TABLE IF EXISTS ${tableName}`).catch(() => undefined);
      await lc.pool.query('DROP TABLE IF EXISTS langchain_pg_collection').catch(() => undefined);
      await lc.end();
    },
  };
}

type QueryFn = (q: Query, i: number) => Promise<unknown>;

/**
 * The hybrid search a pipeline user would build: embedding and keyword retrievers (top 20 each,
 * as the one-statement retriever's default candidateK) fused by DocumentJoiner in RRF mode. The
 * pipeline runs both retrievers concurrently.
 */
function hybridPipeline(store: PgvectorDocumentStore): QueryFn {
  const pipeline = new Pipeline()
    .addComponent('vector', new PgvectorEmbeddingRetriever({ documentStore: store, topK: 20, returnEmbedding: false }))
    .addComponent('keyword', new PgvectorKeywordRetriever({ documentStore: store, topK: 20, returnEmbedding: false }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', topK: 10 }))
    .connect('vector', 'joiner')
    .connect('keyword', 'joiner');
  return (q) => pipeline.run({ queryEmbedding: q.embedding, query: q.text });
}

/**
 * A lower bound for any one-statement hybrid, not a retriever: the hybrid statement's shape
 * (HNSW top-20 `UNION ALL` 20 keyword matches, id / content / meta, one round trip) with the
 * keyword half unranked — no `ts_rank_cd`, no sort, any 20 matching rows — and the raw rows
 * returned without fusion. Timed next to the vector-only query, it shows how much of the hybrid /
 * vector ratio the ranking could ever win back. Stored-tsvector tables only.
 */
function hybridFloor(store: PgvectorDocumentStore): QueryFn {
  const t = store.qualifiedTableName;
  const tsq = "websearch_to_tsquery('english'::regconfig, $2::text)";
  const sql = `SELECT * FROM ((SELECT 0 AS src, d.id, d.content, d.meta, (d.embedding <=> $1::vector) AS distance FROM ${t} AS d
 WHERE d.embedding IS NOT NULL ORDER BY d.embedding <=> $1::vector LIMIT 20)
UNION ALL
(SELECT 1, d.id, d.content, d.meta, 0::float8 FROM ${t} AS d WHERE numnode(${tsq}) > 0 AND d.content_tsv @@ ${tsq} LIMIT 20)) AS c
ORDER BY c.src, c.distance + 0, c.id`;
  return (q) => store.query(sql, [encodeVectorParam(q.embedding, false), q.text]);
}

/** `contenders` plus LangChain's search as contender `name` (ids per query into `ids`), when LangChain runs. */
function withLangchain<C extends Record<string, QueryFn>, N extends string>(
  contenders: C,
  lc: LangchainContender | undefined,
  name: N,
  ids: string[][],
): C | (C & Record<N, QueryFn>) {
  if (!lc) return contenders;
  const search: QueryFn = async (q, i) => {
    ids[i] = await lc.search(q.embedding);
  };
  return { ...contenders, [name]: search } as C & Record<N, QueryFn>;
}

/**
 * One measurement of one target and size. Contenders that are compared with each other run
 * interleaved (batch by batch for writes, query by query for reads), so noise on a shared machine
 * hits them alike: the default table, the `storedTsvector: false` table and (on a server)
 * LangChain's table are written batch by batch in rotation; exact queries of the store and of
 * LangChain alternate; all indexed queries alternate; the broad (expensive) queries alternate among
 * themselves.
 */
async function benchTarget(
  target: string,
  size: number,
  data: Dataset,
  /** `storedTsvector` undefined = the store's default (stored `content_tsv`). */
  make: (table: string, bulkMode: 'copy' | 'insert', storedTsvector?: boolean) => PgvectorDocumentStore,
  langchainUrl: string | undefined,
): Promise<RunResult> {
  const tag = `${target} ${size}`;
  const docs = data.docs;

  // 1. multi-row INSERT (500 rows / statement) on a sample
  const insertRows = Math.min(size, INSERT_SAMPLE);
  let insertDocsPerSec: number | undefined;
  if (insertRows > 0) {
    const ins = make(`bench_insert_${size}`, 'insert');
    await ins.initialize();
    const t0 = performance.now();
    for (let i = 0; i < insertRows; i += COPY_BATCH)
      await ins.writeDocuments(docs.slice(i, Math.min(insertRows, i + COPY_BATCH)));
    insertDocsPerSec = insertRows / ((performance.now() - t0) / 1000);
    log(tag, `INSERT ${insertRows} rows: ${insertDocsPerSec.toFixed(0)} docs/s`);
    await ins.dropTable();
    await ins.close();
  }

  const store = make(`bench_copy_${size}`, 'copy');
  const expr = make(`bench_copy_expr_${size}`, 'copy', false);
  await store.initialize();
  await expr.initialize();
  const lc = langchainUrl ? await langchainContender(langchainUrl, size) : undefined;
  try {
    // 2. binary COPY (10k documents per writeDocuments call, indexes deferred), interleaved with the
    //    expression-layout table and LangChain's addVectors
    const batches: Document[][] = [];
    for (let i = 0; i < size; i += COPY_BATCH) batches.push(docs.slice(i, i + COPY_BATCH));
    const storeWriters = {
      copy: (b: readonly Document[]) => store.writeDocuments(b),
      copyExpr: (b: readonly Document[]) => expr.writeDocuments(b),
    };
    const writes = await writeInterleaved(batches, lc ? { ...storeWriters, langchain: lc.add } : storeWriters);
    log(tag, 'docs/s', Object.fromEntries(Object.entries(writes).map(([k, v]) => [k, Math.round(v)])));
    let t0 = performance.now();
    for (const b of batches) await store.writeDocuments(b, { policy: 'overwrite' });
    const copyOverwriteDocsPerSec = size / ((performance.now() - t0) / 1000);
    log(tag, `COPY overwrite (stage + merge): ${copyOverwriteDocsPerSec.toFixed(0)} docs/s`);
    // the overwrite pass left a dead version of every row: rewrite the table so scans read what
    // the other tables' scans read (plain VACUUM frees the space but keeps the pages)
    await store.query(`VACUUM FULL ${store.qualifiedTableName}`);
    for (const s of [store, expr]) await s.query(`ANALYZE ${s.qualifiedTableName}`);

    // 3. exact scans (no vector index anywhere yet), store and LangChain alternating
    const exactIds: string[][] = [];
    const lcExactIds: string[][] = [];
    const noEmbedding = { topK: 10, returnEmbedding: false } as const;
    const storeExact = {
      exact: async (q: Query, i: number) => {
        exactIds[i] = (await store.embeddingRetrieval({ ...noEmbedding, queryEmbedding: q.embedding, exact: true })).map(
          (d) => d.id,
        );
      },
    };
    const exact = await timeInterleaved(data.queries, WARMUP, withLangchain(storeExact, lc, 'langchain', lcExactIds));
    log(tag, 'exact', brief(exact));

    // 4. index builds (HNSW m 16, ef_construction 64 + GIN)
    t0 = performance.now();
    await store.createIndexes();
    await store.query(`ANALYZE ${store.qualifiedTableName}`);
    const indexBuildSec = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await expr.createIndexes();
    await expr.query(`ANALYZE ${expr.qualifiedTableName}`);
    const exprIndexBuildSec = (performance.now() - t0) / 1000;
    let lcIndexBuildSec = 0;
    if (lc) {
      t0 = performance.now();
      await lc.createIndex();
      lcIndexBuildSec = (performance.now() - t0) / 1000;
    }
    log(
      tag,
      `index builds: ${indexBuildSec.toFixed(1)} s, storedTsvector: false ${exprIndexBuildSec.toFixed(1)} s, LangChain ${lcIndexBuildSec.toFixed(1)} s`,
    );

    // 5. indexed queries, all alternating
    const hnswIds: string[][] = [];
    const lcHnswIds: string[][] = [];
    let full = 0;
    let selectiveFull = 0;
    const storeIndexed = {
      hnsw: async (q: Query, i: number) => {
        hnswIds[i] = (await store.embeddingRetrieval({ ...noEmbedding, queryEmbedding: q.embedding })).map((d) => d.id);
      },
      keyword: (q: Query) => store.keywordRetrieval({ ...noEmbedding, query: q.text }),
      hybrid: (q: Query) => store.hybridRetrieval({ ...noEmbedding, queryEmbedding: q.embedding, query: q.text }),
      hybridPipeline: hybridPipeline(store),
      hybridFloor: hybridFloor(store),
      hnswFiltered: async (q: Query, i: number) => {
        const r = await store.embeddingRetrieval({
          ...noEmbedding,
          queryEmbedding: q.embedding,
          filters: { field: 'meta.year', operator: '==', value: 2003 }, // 4 % of rows
        });
        if (i >= WARMUP && r.length === 10) full++;
      },
      hnswSelective: async (q: Query, i: number) => {
        const r = await store.embeddingRetrieval({
          ...noEmbedding,
          queryEmbedding: q.embedding,
          // 100 rows (0.1 % at 100k, 1 % at 10k), all in a cluster the query is not from
          filters: { field: 'meta.cluster', operator: '==', value: (q.cluster + 37) % data.clusters },
        });
        if (i >= WARMUP && r.length === 10) selectiveFull++;
      },
      hnswEmb: (q: Query) => store.embeddingRetrieval({ topK: 10, queryEmbedding: q.embedding }),
      hybridEmb: (q: Query) => store.hybridRetrieval({ topK: 10, queryEmbedding: q.embedding, query: q.text }),
      exprHnsw: (q: Query) => expr.embeddingRetrieval({ ...noEmbedding, queryEmbedding: q.embedding }),
      exprKeyword: (q: Query) => expr.keywordRetrieval({ ...noEmbedding, query: q.text }),
      exprHybrid: (q: Query) => expr.hybridRetrieval({ ...noEmbedding, queryEmbedding: q.embedding, query: q.text }),
    };
    const indexed = await timeInterleaved(data.queries, WARMUP, withLangchain(storeIndexed, lc, 'langchainHnsw', lcHnswIds));
    log(tag, 'indexed queries', brief(indexed));
    const broad = await timeInterleaved(data.queries, WARMUP, {
      keywordBroad: (q: Query) => store.keywordRetrieval({ ...noEmbedding, query: q.broad }),
      hybridBroad: (q: Query) => store.hybridRetrieval({ ...noEmbedding, queryEmbedding: q.embedding, query: q.broad }),
      exprKeywordBroad: (q: Query) => expr.keywordRetrieval({ ...noEmbedding, query: q.broad }),
      exprHybridBroad: (q: Query) => expr.hybridRetrieval({ ...noEmbedding, queryEmbedding: q.embedding, query: q.broad }),
    });
    log(tag, 'broad queries', brief(broad));

    const result: RunResult = {
      target,
      size,
      ...(insertDocsPerSec === undefined ? {} : { insertDocsPerSec, insertRows }),
      copyDocsPerSec: writes.copy,
      copyOverwriteDocsPerSec,
      indexBuildSec,
      exact: exact.exact,
      hnsw: indexed.hnsw,
      keyword: indexed.keyword,
      hybrid: indexed.hybrid,
      hybridPipeline: indexed.hybridPipeline,
      hybridFloor: indexed.hybridFloor,
      keywordBroad: broad.keywordBroad,
      hybridBroad: broad.hybridBroad,
      hnswFiltered: indexed.hnswFiltered,
      hnswSelective: indexed.hnswSelective,
      selectiveFull: selectiveFull / (data.queries.length - WARMUP),
      withEmbeddings: { hnsw: indexed.hnswEmb, hybrid: indexed.hybridEmb },
      recallAt10: recall(exactIds, hnswIds, WARMUP),
      filteredFull: full / (data.queries.length - WARMUP),
      variant: {
        copyDocsPerSec: writes.copyExpr,
        indexBuildSec: exprIndexBuildSec,
        hnsw: indexed.exprHnsw,
        keyword: indexed.exprKeyword,
        hybrid: indexed.exprHybrid,
        keywordBroad: broad.exprKeywordBroad,
        hybridBroad: broad.exprHybridBroad,
      },
    };
    if ('langchain' in writes && 'langchain' in exact && 'langchainHnsw' in indexed) {
      result.langchain = {
        addVectorsDocsPerSec: writes.langchain,
        addRows: size,
        exact: exact.langchain,
        hnsw: indexed.langchainHnsw,
        indexBuildSec: lcIndexBuildSec,
        recallAt10: recall(lcExactIds, lcHnswIds, WARMUP),
      };
    }
    log(
      tag,
      `recall@10 ${result.recallAt10.toFixed(4)}, filtered full topK ${(result.filteredFull * 100).toFixed(0)} %, selective ${((result.selectiveFull ?? 0) * 100).toFixed(0)} %`,
    );
    return result;
  } finally {
    await store.dropTable().catch(() => undefined);
    await expr.dropTable().catch(() => undefined);
    await store.close();
    await expr.close();
    await lc?.drop();
  }
}

// ---------------------------------------------------------------- report

const f0 = (x: number | undefined) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const f1 = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const lat = (l: Latency) => `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)}`;

/** Number of runs in `results` (the most measurements of any target and size). */
function runsOf(results: readonly RunResult[]): number {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(`${r.target}/${r.size}`, (counts.get(`${r.target}/${r.size}`) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Element-wise median of same-shaped measurements (numbers → median, others → the first run's). */
function medianOf<T>(xs: readonly T[]): T {
  const first = xs[0];
  if (typeof first === 'number') return median(xs as readonly number[]) as T;
  if (first !== null && typeof first === 'object') {
    const keys = Object.keys(first);
    return Object.fromEntries(keys.map((k) => [k, medianOf(xs.map((x) => (x as Record<string, unknown>)[k]))])) as T;
  }
  return first as T;
}

function report(all: RunResult[], meta: Record<string, string>): string {
  const groups: RunResult[][] = [];
  for (const r of all) {
    const g = groups.find((x) => x[0]?.target === r.target && x[0]?.size === r.size);
    if (g) g.push(r);
    else groups.push([r]);
  }
  const results = groups.map((g) => medianOf(g));
  const lines: string[] = [];
  lines.push(`Measured ${meta.date} on ${meta.machine}; ${meta.server}.`);
  lines.push(
    `Data: ${DIM}-d clustered unit vectors (n/100 clusters), 30-word texts; ${QUERIES} timed queries per kind after ${WARMUP} warm-up; topK 10; latencies in ms (p50 / p95 / p99), sequential, one client; compared contenders interleaved.${runsOf(all) > 1 ? ` Every figure is the median of ${runsOf(all)} runs.` : ''}`,
  );
  lines.push('');
  lines.push('Store defaults (stored generated `content_tsv`, GIN on it), writes and all queries:');
  lines.push('');
  lines.push(
    '| target | docs | INSERT docs/s (rows) | COPY docs/s | COPY overwrite docs/s | index build s | exact | HNSW | recall@10 | HNSW + 4 % filter (full topK) | HNSW + 100-row filter, other cluster (full topK) | keyword | hybrid | hybrid pipeline | keyword broad | hybrid broad |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---|---|---:|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(r.insertDocsPerSec)} (${f0(r.insertRows)}) | ${f0(r.copyDocsPerSec)} | ${f0(r.copyOverwriteDocsPerSec)} | ${r.indexBuildSec.toFixed(1)} | ${lat(r.exact)} | ${lat(r.hnsw)} | ${r.recallAt10.toFixed(3)} | ${lat(r.hnswFiltered)} (${(r.filteredFull * 100).toFixed(0)} %) | ${r.hnswSelective ? `${lat(r.hnswSelective)} (${((r.selectiveFull ?? 0) * 100).toFixed(0)} %)` : '—'} | ${lat(r.keyword)} | ${lat(r.hybrid)} | ${r.hybridPipeline ? lat(r.hybridPipeline) : '—'} | ${lat(r.keywordBroad)} | ${lat(r.hybridBroad)} |`,
    );
  }
  lines.push('');
  lines.push(
    'Variant `storedTsvector: false` (GIN on the expression `to_tsvector(language, content)`), same data; default table in brackets:',
  );
  lines.push('');
  lines.push(
    '| target | docs | COPY docs/s (ratio to default) | index build s | HNSW | keyword (default) | hybrid (default) | keyword broad (default) | hybrid broad (default) |',
  );
  lines.push('|---|---:|---:|---:|---|---|---|---|---|');
  // ratios in brackets are medians of the per-run ratios (what the targets below are judged on)
  const medianRatio = (group: RunResult[], f: (r: RunResult) => number) => median(group.map(f));
  for (const [i, r] of results.entries()) {
    const v = r.variant;
    const copyRatio = medianRatio(groups[i] as RunResult[], (x) => x.variant.copyDocsPerSec / x.copyDocsPerSec);
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(v.copyDocsPerSec)} (${copyRatio.toFixed(2)}×) | ${v.indexBuildSec.toFixed(1)} | ${lat(v.hnsw)} | ${lat(v.keyword)} (${lat(r.keyword)}) | ${lat(v.hybrid)} (${lat(r.hybrid)}) | ${lat(v.keywordBroad)} (${lat(r.keywordBroad)}) | ${lat(v.hybridBroad)} (${lat(r.hybridBroad)}) |`,
    );
  }
  if (results.some((r) => r.withEmbeddings)) {
    lines.push('');
    lines.push(
      "With the retrievers' default `returnEmbedding: true` (vectors read in binary; the hybrid fuses in SQL), same run; without embeddings in brackets:",
    );
    lines.push('');
    lines.push('| target | docs | HNSW (without) | hybrid (without) |');
    lines.push('|---|---:|---|---|');
    for (const r of results) {
      if (!r.withEmbeddings) continue;
      lines.push(
        `| ${r.target} | ${f0(r.size)} | ${lat(r.withEmbeddings.hnsw)} (${lat(r.hnsw)}) | ${lat(r.withEmbeddings.hybrid)} (${lat(r.hybrid)}) |`,
      );
    }
  }
  if (results.some((r) => r.hybridFloor)) {
    lines.push('');
    lines.push(
      'What the hybrid adds to the vector-only query (topic queries, without embeddings): the hybrid, the same statement with an unranked keyword half (no `ts_rank_cd`, any 20 matches: the least any one-statement hybrid costs), and hybrid − HNSW in ms:',
    );
    lines.push('');
    lines.push(
      '| target | docs | HNSW | hybrid | floor: keyword half unranked | hybrid − HNSW p50 / p95 | floor − HNSW p50 / p95 |',
    );
    lines.push('|---|---:|---|---|---|---|---|');
    for (const r of results) {
      if (!r.hybridFloor) continue;
      const d = (a: Latency) => `${(a.p50 - r.hnsw.p50).toFixed(2)} / ${(a.p95 - r.hnsw.p95).toFixed(2)}`;
      lines.push(
        `| ${r.target} | ${f0(r.size)} | ${lat(r.hnsw)} | ${lat(r.hybrid)} | ${lat(r.hybridFloor)} | ${d(r.hybrid)} | ${d(r.hybridFloor)} |`,
      );
    }
  }
  const lcRows = groups.map((g) => g.filter((x) => x.langchain)).filter((g) => g.length > 0);
  if (lcRows.length > 0) {
    lines.push('');
    lines.push('LangChain.js `PGVectorStore` (`@langchain/community`) on the same server, same data:');
    lines.push('');
    lines.push(
      '| docs | LangChain addVectors docs/s | Synapse COPY docs/s, default (ratio) | Synapse COPY, storedTsvector: false (ratio) | LangChain exact | Synapse exact | LangChain HNSW | Synapse HNSW | LangChain recall@10 |',
    );
    lines.push('|---:|---:|---:|---:|---|---|---|---|---:|');
    for (const group of lcRows) {
      const r = medianOf(group);
      const l = r.langchain as NonNullable<RunResult['langchain']>;
      const lcRate = (x: RunResult) => x.langchain?.addVectorsDocsPerSec ?? Number.NaN;
      const w = medianRatio(group, (x) => x.copyDocsPerSec / lcRate(x));
      const wv = medianRatio(group, (x) => x.variant.copyDocsPerSec / lcRate(x));
      lines.push(
        `| ${f0(r.size)} | ${f0(l.addVectorsDocsPerSec)} | ${f0(r.copyDocsPerSec)} (${w.toFixed(1)}×) | ${f0(r.variant.copyDocsPerSec)} (${wv.toFixed(1)}×) | ${lat(l.exact)} | ${lat(r.exact)} | ${lat(l.hnsw)} | ${lat(r.hnsw)} | ${l.recallAt10.toFixed(3)} |`,
      );
    }
  }
  lines.push('');
  lines.push(`Targets (per run${runsOf(all) > 1 ? '; the verdict is on the median' : ''}):`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = (rs: RunResult[], f: (r: RunResult) => number, digits: number) => {
    const xs = rs.map(f);
    const m = median(xs);
    return {
      m,
      text:
        xs.length > 1 ? `${m.toFixed(digits)}× (runs ${xs.map((x) => x.toFixed(digits)).join(', ')})` : `${m.toFixed(digits)}×`,
    };
  };
  for (const group of groups) {
    const r = group[0] as RunResult;
    const checks: string[] = [];
    const withLc = group.filter((x) => x.langchain);
    if (withLc.length > 0) {
      const w = ratio(withLc, (x) => x.copyDocsPerSec / (x.langchain?.addVectorsDocsPerSec ?? Number.NaN), 1);
      const wv = ratio(withLc, (x) => x.variant.copyDocsPerSec / (x.langchain?.addVectorsDocsPerSec ?? Number.NaN), 1);
      checks.push(
        `bulk write ${w.text} LangChain addVectors with the default table (target ≥ 5×: ${verdict(w.m >= 5)}); storedTsvector: false ${wv.text} (${verdict(wv.m >= 5)})`,
      );
    }
    const h = ratio(group, (x) => x.hybrid.p95 / x.hnsw.p95, 2);
    checks.push(`topic-query hybrid p95 ${h.text} vector p95 (target ≤ 1.3×: ${verdict(h.m <= 1.3)})`);
    const withPipeline = group.filter((x) => x.hybridPipeline);
    if (withPipeline.length > 0) {
      const hp = ratio(withPipeline, (x) => (x.hybridPipeline?.p95 ?? Number.NaN) / x.hnsw.p95, 2);
      checks.push(
        `topic-query hybrid as a pipeline (two concurrent retrievers → DocumentJoiner) p95 ${hp.text} (${verdict(hp.m <= 1.3)})`,
      );
    }
    const withFloor = group.filter((x) => x.hybridFloor);
    if (withFloor.length > 0) {
      const hf = ratio(withFloor, (x) => (x.hybridFloor?.p95 ?? Number.NaN) / x.hnsw.p95, 2);
      checks.push(`the hybrid statement with an unranked keyword half (a floor, not a retriever) p95 ${hf.text} vector p95`);
    }
    const withEmb = group.filter((x) => x.withEmbeddings);
    if (withEmb.length > 0) {
      const he = ratio(
        withEmb,
        (x) => (x.withEmbeddings?.hybrid.p95 ?? Number.NaN) / (x.withEmbeddings?.hnsw.p95 ?? Number.NaN),
        2,
      );
      checks.push(`topic-query hybrid p95 with embeddings ${he.text} vector p95 with embeddings (${verdict(he.m <= 1.3)})`);
    }
    const hb = ratio(group, (x) => x.hybridBroad.p95 / x.hnsw.p95, 2);
    checks.push(`broad-query hybrid p95 ${hb.text} (${verdict(hb.m <= 1.3)})`);
    const hv = ratio(group, (x) => x.variant.hybrid.p95 / x.variant.hnsw.p95, 2);
    checks.push(`topic-query hybrid p95 with storedTsvector: false ${hv.text} its HNSW p95 (${verdict(hv.m <= 1.3)})`);
    const hvb = ratio(group, (x) => x.variant.hybridBroad.p95 / x.variant.hnsw.p95, 2);
    checks.push(`broad-query hybrid p95 with storedTsvector: false ${hvb.text} (${verdict(hvb.m <= 1.3)})`);
    const rc = group.map((x) => x.recallAt10);
    checks.push(`recall@10 ${rc.map((x) => x.toFixed(3)).join(', ')} (target ≥ 0.95: ${verdict(Math.min(...rc) >= 0.95)})`);
    lines.push(`- ${r.target}, ${f0(r.size)} docs: ${checks.join('; ')}.`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

/** Stores for `benchTarget` on one connection: defaults except HNSW, deferred indexes, a fresh table. */
function storeFactory(connection: Pick<PgvectorDocumentStoreInit, 'connectionString' | 'pglite'>) {
  return (tableName: string, bulkMode: 'copy' | 'insert', storedTsvector?: boolean) =>
    new PgvectorDocumentStore({
      ...(storedTsvector === undefined ? {} : { storedTsvector }),
      ...connection,
      tableName,
      embeddingDimension: DIM,
      searchStrategy: 'hnsw',
      deferIndexes: true,
      bulkMode,
      recreateTable: true,
    });
}

async function main(): Promise<void> {
  if (REPORT) {
    // re-render the tables of a saved run (--json output) without measuring anything
    const saved = JSON.parse(await readFile(REPORT, 'utf8')) as { meta: Record<string, string>; results: RunResult[] };
    console.log(report(saved.results, saved.meta));
    return;
  }
  const results: RunResult[] = [];
  let server: ThrowawayServer | undefined;
  let url = process.env.DATABASE_URL;
  let serverDesc = 'DATABASE_URL server';
  if (!url && SIZES.length > 0) {
    const available = await localPostgresAvailable();
    if (!available.ok) {
      console.error(
        `No PostgreSQL for the server benchmark (${available.reason}); run scripts/install-postgres.sh or set DATABASE_URL. Skipping server runs.`,
      );
    } else {
      // durable defaults (fsync on) so write numbers are honest; more maintenance memory for HNSW
      // builds; shared buffers that hold every table and index of a run (interleaved queries
      // touch three tables, which would otherwise evict each other's pages)
      server = await startPostgres({
        settings: {
          fsync: 'on',
          synchronous_commit: 'on',
          full_page_writes: 'on',
          maintenance_work_mem: '1GB',
          shared_buffers: '2GB',
        },
      });
      url = server.url;
      serverDesc =
        'throwaway PostgreSQL 15 + pgvector 0.8.0 (fsync, synchronous_commit and full_page_writes on, shared_buffers 2GB, maintenance_work_mem 1GB)';
    }
  }
  const onSignal = (sig: string) => {
    log(`${sig}: stopping the throwaway server`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const allSizes = [...new Set([...SIZES, ...PGLITE_SIZES])].sort((a, b) => a - b);
    for (let run = 1; run <= RUNS; run++) {
      for (const size of allSizes) {
        log(`run ${run}/${RUNS}: generating ${size} × ${DIM} clustered documents`);
        const data = makeDataset(size, DIM, QUERIES + WARMUP);
        if (url && SIZES.includes(size)) {
          const connection = { connectionString: url };
          results.push(await benchTarget(SERVER, size, data, storeFactory(connection), LANGCHAIN ? url : undefined));
          await finalReport(results, serverDesc); // partial results survive an interrupted run
        }
        if (PGLITE_SIZES.includes(size)) {
          const db = await createPglite();
          try {
            await db.query("SET maintenance_work_mem = '1GB'");
            results.push(await benchTarget(PGLITE, size, data, storeFactory({ pglite: db }), undefined));
            await finalReport(results, serverDesc);
          } finally {
            await db.close();
          }
        }
      }
    }
  } finally {
    await server?.stop();
  }
  console.log(await finalReport(results, serverDesc));
}

async function finalReport(results: RunResult[], serverDesc: string): Promise<string> {
  const os = await import('node:os');
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()} (shared), Node ${process.version}`,
    server: serverDesc,
  };
  const table = report(results, meta);
  if (JSON_OUT) {
    await writeFile(JSON_OUT, JSON.stringify({ meta, results }, null, 2));
    await writeFile(`${JSON_OUT}.md`, `${table}\n`);
  }
  return table;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
