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
import type { Document } from '@synapse-rag/core';
import { createPglite, PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '@synapse-rag/pgvector';
import { localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { flag, type Latency, log, recall, sizesOf, timeInterleaved, writeInterleaved } from './bench-utils.js';
import { type Dataset, makeDataset } from './clustered-dataset.js';
import { hybridFloor, hybridPipeline, langchainContender, type Query, withLangchain } from './pgvector-contenders.js';
import { type RunResult, report } from './pgvector-report.js';

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

/** `name p50/p95` pairs for progress lines. */
const brief = (ls: Record<string, Latency>) =>
  Object.entries(ls)
    .map(([k, l]) => `${k} ${l.p50.toFixed(2)}/${l.p95.toFixed(2)}`)
    .join(', ');

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
  const lc = langchainUrl ? await langchainContender(langchainUrl, size, DIM) : undefined;
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
    console.log(report(saved.results, saved.meta, { dim: DIM, queries: QUERIES, warmup: WARMUP }));
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
  const table = report(results, meta, { dim: DIM, queries: QUERIES, warmup: WARMUP });
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
