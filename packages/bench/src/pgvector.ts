/**
 * `npm run bench:pgvector` — write throughput (multi-row INSERT vs binary COPY), query latency
 * (exact, HNSW, keyword, hybrid; p50/p95/p99) and HNSW recall@10 vs exact, at several sizes of
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
 *   --json=FILE                                      also write raw results as JSON
 *   DATABASE_URL                use this server instead of starting a throwaway cluster
 * Quick run: npm run bench:pgvector -- --sizes=2000 --pglite-sizes=2000 --queries=30
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createPglite, PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '@synapse-rag/pgvector';
import { localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { flag, type Latency, log, recall, sizesOf, timeQueries } from './bench-utils.js';
import { type Dataset, makeDataset } from './clustered-dataset.js';

// ---------------------------------------------------------------- options

const SIZES = sizesOf(flag('sizes', 'BENCH_SIZES', '10000,100000'));
const PGLITE_SIZES = sizesOf(flag('pglite-sizes', 'BENCH_PGLITE_SIZES', '10000,100000'));
const DIM = Number(flag('dim', 'BENCH_DIM', '384'));
const QUERIES = Number(flag('queries', 'BENCH_QUERIES', '200'));
const INSERT_SAMPLE = Number(flag('insert-sample', 'BENCH_INSERT_SAMPLE', '20000'));
const LANGCHAIN = flag('langchain', 'BENCH_LANGCHAIN', 'true') !== 'false';
const JSON_OUT = flag('json', 'BENCH_JSON', '');
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
  keywordBroad: Latency;
  hybridBroad: Latency;
  hnswFiltered: Latency;
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

async function benchStore(
  target: string,
  size: number,
  data: Dataset,
  /** `storedTsvector` undefined = the store's default (stored `content_tsv`). */
  make: (table: string, bulkMode: 'copy' | 'insert', storedTsvector?: boolean) => PgvectorDocumentStore,
): Promise<Omit<RunResult, 'langchain'>> {
  const tag = `${target} ${size}`;
  const result: Partial<RunResult> = { target, size };

  // 1. multi-row INSERT (500 rows / statement) on a sample
  const insertRows = Math.min(size, INSERT_SAMPLE);
  if (insertRows > 0) {
    const ins = make(`bench_insert_${size}`, 'insert');
    await ins.initialize();
    const t0 = performance.now();
    for (let i = 0; i < insertRows; i += COPY_BATCH)
      await ins.writeDocuments(data.docs.slice(i, Math.min(insertRows, i + COPY_BATCH)));
    result.insertDocsPerSec = insertRows / ((performance.now() - t0) / 1000);
    result.insertRows = insertRows;
    log(tag, `INSERT ${insertRows} rows: ${result.insertDocsPerSec.toFixed(0)} docs/s`);
    await ins.dropTable();
    await ins.close();
  }

  // 2. binary COPY (10k documents per writeDocuments call), indexes deferred, default table layout
  const store = make(`bench_copy_${size}`, 'copy');
  await store.initialize();
  let t0 = performance.now();
  for (let i = 0; i < size; i += COPY_BATCH) await store.writeDocuments(data.docs.slice(i, i + COPY_BATCH));
  result.copyDocsPerSec = size / ((performance.now() - t0) / 1000);
  log(tag, `COPY ${size} rows: ${result.copyDocsPerSec.toFixed(0)} docs/s`);
  t0 = performance.now();
  for (let i = 0; i < size; i += COPY_BATCH)
    await store.writeDocuments(data.docs.slice(i, i + COPY_BATCH), { policy: 'overwrite' });
  result.copyOverwriteDocsPerSec = size / ((performance.now() - t0) / 1000);
  log(tag, `COPY overwrite (stage + merge) ${size} rows: ${result.copyOverwriteDocsPerSec.toFixed(0)} docs/s`);
  // the overwrite pass left one dead version of every row; scans would read twice the pages
  await store.query(`VACUUM ${store.qualifiedTableName}`);
  t0 = performance.now();
  await store.createIndexes();
  await store.query('ANALYZE ' + store.qualifiedTableName);
  result.indexBuildSec = (performance.now() - t0) / 1000;
  log(tag, `HNSW + GIN index build: ${result.indexBuildSec.toFixed(1)} s`);

  // 3. queries
  const exactIds: string[][] = [];
  const hnswIds: string[][] = [];
  result.exact = await timeQueries(data.queries, WARMUP, async (q) => {
    exactIds.push(
      (await store.embeddingRetrieval({ queryEmbedding: q.embedding, topK: 10, exact: true, returnEmbedding: false })).map(
        (d) => d.id,
      ),
    );
  });
  log(tag, 'exact', result.exact);
  result.hnsw = await timeQueries(data.queries, WARMUP, async (q) => {
    hnswIds.push(
      (await store.embeddingRetrieval({ queryEmbedding: q.embedding, topK: 10, returnEmbedding: false })).map((d) => d.id),
    );
  });
  log(tag, 'hnsw', result.hnsw);
  result.recallAt10 = recall(exactIds, hnswIds, WARMUP);
  log(tag, `recall@10 ${result.recallAt10.toFixed(4)}`);
  result.keyword = await timeQueries(data.queries, WARMUP, (q) =>
    store.keywordRetrieval({ query: q.text, topK: 10, returnEmbedding: false }),
  );
  result.hybrid = await timeQueries(data.queries, WARMUP, (q) =>
    store.hybridRetrieval({ queryEmbedding: q.embedding, query: q.text, topK: 10, returnEmbedding: false }),
  );
  result.keywordBroad = await timeQueries(data.queries, WARMUP, (q) =>
    store.keywordRetrieval({ query: q.broad, topK: 10, returnEmbedding: false }),
  );
  result.hybridBroad = await timeQueries(data.queries, WARMUP, (q) =>
    store.hybridRetrieval({ queryEmbedding: q.embedding, query: q.broad, topK: 10, returnEmbedding: false }),
  );
  log(tag, 'keyword', result.keyword, 'hybrid', result.hybrid, 'broad', result.keywordBroad, result.hybridBroad);
  let full = 0;
  result.hnswFiltered = await timeQueries(data.queries, WARMUP, async (q) => {
    const r = await store.embeddingRetrieval({
      queryEmbedding: q.embedding,
      topK: 10,
      returnEmbedding: false,
      filters: { field: 'meta.year', operator: '==', value: 2003 }, // 4 % of rows
    });
    if (r.length === 10) full++;
  });
  result.filteredFull = full / data.queries.length;
  log(tag, 'hnsw filtered (4 %)', result.hnswFiltered, `full topK in ${(result.filteredFull * 100).toFixed(0)} %`);
  await store.dropTable();
  await store.close();

  // 4. variant: storedTsvector: false (GIN on the expression) — COPY, index build, keyword/hybrid queries
  {
    const st = make(`bench_copy_expr_${size}`, 'copy', false);
    await st.initialize();
    t0 = performance.now();
    for (let i = 0; i < size; i += COPY_BATCH) await st.writeDocuments(data.docs.slice(i, i + COPY_BATCH));
    const copyDocsPerSec = size / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    await st.createIndexes();
    await st.query('ANALYZE ' + st.qualifiedTableName);
    const indexBuildSec = (performance.now() - t0) / 1000;
    log(tag, `storedTsvector: false — COPY ${copyDocsPerSec.toFixed(0)} docs/s, index build ${indexBuildSec.toFixed(1)} s`);
    const hnsw = await timeQueries(data.queries, WARMUP, (q) =>
      st.embeddingRetrieval({ queryEmbedding: q.embedding, topK: 10, returnEmbedding: false }),
    );
    const keyword = await timeQueries(data.queries, WARMUP, (q) =>
      st.keywordRetrieval({ query: q.text, topK: 10, returnEmbedding: false }),
    );
    const hybrid = await timeQueries(data.queries, WARMUP, (q) =>
      st.hybridRetrieval({ queryEmbedding: q.embedding, query: q.text, topK: 10, returnEmbedding: false }),
    );
    log(tag, 'storedTsvector: false — hnsw', hnsw, 'keyword', keyword, 'hybrid', hybrid);
    const keywordBroad = await timeQueries(data.queries, WARMUP, (q) =>
      st.keywordRetrieval({ query: q.broad, topK: 10, returnEmbedding: false }),
    );
    const hybridBroad = await timeQueries(data.queries, WARMUP, (q) =>
      st.hybridRetrieval({ queryEmbedding: q.embedding, query: q.broad, topK: 10, returnEmbedding: false }),
    );
    log(tag, 'storedTsvector: false — broad keyword', keywordBroad, 'broad hybrid', hybridBroad);
    result.variant = { copyDocsPerSec, indexBuildSec, hnsw, keyword, hybrid, keywordBroad, hybridBroad };
    await st.dropTable();
    await st.close();
  }
  return result as Omit<RunResult, 'langchain'>;
}

async function benchLangchain(url: string, size: number, data: Dataset): Promise<NonNullable<RunResult['langchain']>> {
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
  try {
    const addRows = size;
    const t0 = performance.now();
    for (let i = 0; i < addRows; i += COPY_BATCH) {
      const slice = data.docs.slice(i, Math.min(addRows, i + COPY_BATCH));
      await lc.addVectors(
        slice.map((d) => d.embedding as number[]),
        slice.map((d) => new LcDocument({ pageContent: d.content, metadata: d.meta })),
      );
    }
    const addVectorsDocsPerSec = addRows / ((performance.now() - t0) / 1000);
    log(`langchain ${size}`, `addVectors ${addRows} rows: ${addVectorsDocsPerSec.toFixed(0)} docs/s`);
    const exactIds: string[][] = [];
    const exact = await timeQueries(data.queries, WARMUP, async (q) => {
      exactIds.push((await lc.similaritySearchVectorWithScore(q.embedding, 10)).map(([d]) => String(d.id ?? d.pageContent)));
    });
    const t1 = performance.now();
    await lc.createHnswIndex({ dimensions: DIM, m: 16, efConstruction: 64, namespace: tableName });
    const indexBuildSec = (performance.now() - t1) / 1000;
    const hnswIds: string[][] = [];
    const hnsw = await timeQueries(data.queries, WARMUP, async (q) => {
      hnswIds.push((await lc.similaritySearchVectorWithScore(q.embedding, 10)).map(([d]) => String(d.id ?? d.pageContent)));
    });

    log(`langchain ${size}`, 'exact', exact, 'hnsw', hnsw);
    return { addVectorsDocsPerSec, addRows, exact, hnsw, indexBuildSec, recallAt10: recall(exactIds, hnswIds, WARMUP) };
  } finally {
    await lc.pool.query(`DROP TABLE IF EXISTS ${tableName}`).catch(() => undefined);
    await lc.pool.query('DROP TABLE IF EXISTS langchain_pg_collection').catch(() => undefined);
    await lc.end();
  }
}

// ---------------------------------------------------------------- report

const f0 = (x: number | undefined) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const f1 = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const lat = (l: Latency) => `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)}`;

function report(results: RunResult[], meta: Record<string, string>): string {
  const lines: string[] = [];
  lines.push(`Measured ${meta.date} on ${meta.machine}; ${meta.server}.`);
  lines.push(
    `Data: ${DIM}-d clustered unit vectors (n/100 clusters), 30-word texts; ${QUERIES} timed queries per kind after ${WARMUP} warm-up; topK 10; latencies in ms (p50 / p95 / p99), sequential, one client.`,
  );
  lines.push('');
  lines.push('Store defaults (stored generated `content_tsv`, GIN on it), writes and all queries:');
  lines.push('');
  lines.push(
    '| target | docs | INSERT docs/s (rows) | COPY docs/s | COPY overwrite docs/s | index build s | exact | HNSW | recall@10 | HNSW + 4 % filter (full topK) | keyword | hybrid | keyword broad | hybrid broad |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---|---|---:|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(r.insertDocsPerSec)} (${f0(r.insertRows)}) | ${f0(r.copyDocsPerSec)} | ${f0(r.copyOverwriteDocsPerSec)} | ${r.indexBuildSec.toFixed(1)} | ${lat(r.exact)} | ${lat(r.hnsw)} | ${r.recallAt10.toFixed(3)} | ${lat(r.hnswFiltered)} (${(r.filteredFull * 100).toFixed(0)} %) | ${lat(r.keyword)} | ${lat(r.hybrid)} | ${lat(r.keywordBroad)} | ${lat(r.hybridBroad)} |`,
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
  for (const r of results) {
    const v = r.variant;
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(v.copyDocsPerSec)} (${(v.copyDocsPerSec / r.copyDocsPerSec).toFixed(2)}×) | ${v.indexBuildSec.toFixed(1)} | ${lat(v.hnsw)} | ${lat(v.keyword)} (${lat(r.keyword)}) | ${lat(v.hybrid)} (${lat(r.hybrid)}) | ${lat(v.keywordBroad)} (${lat(r.keywordBroad)}) | ${lat(v.hybridBroad)} (${lat(r.hybridBroad)}) |`,
    );
  }
  const lcRows = results.filter((r) => r.langchain);
  if (lcRows.length > 0) {
    lines.push('');
    lines.push('LangChain.js `PGVectorStore` (`@langchain/community`) on the same server, same data:');
    lines.push('');
    lines.push(
      '| docs | LangChain addVectors docs/s | Synapse COPY docs/s, default (ratio) | Synapse COPY, storedTsvector: false (ratio) | LangChain exact | Synapse exact | LangChain HNSW | Synapse HNSW | LangChain recall@10 |',
    );
    lines.push('|---:|---:|---:|---:|---|---|---|---|---:|');
    for (const r of lcRows) {
      const l = r.langchain as NonNullable<RunResult['langchain']>;
      lines.push(
        `| ${f0(r.size)} | ${f0(l.addVectorsDocsPerSec)} | ${f0(r.copyDocsPerSec)} (${(r.copyDocsPerSec / l.addVectorsDocsPerSec).toFixed(1)}×) | ${f0(r.variant.copyDocsPerSec)} (${(r.variant.copyDocsPerSec / l.addVectorsDocsPerSec).toFixed(1)}×) | ${lat(l.exact)} | ${lat(r.exact)} | ${lat(l.hnsw)} | ${lat(r.hnsw)} | ${l.recallAt10.toFixed(3)} |`,
      );
    }
  }
  lines.push('');
  lines.push('Targets:');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  for (const r of results) {
    const checks: string[] = [];
    if (r.langchain) {
      const ratio = r.copyDocsPerSec / r.langchain.addVectorsDocsPerSec;
      const ratioVariant = r.variant.copyDocsPerSec / r.langchain.addVectorsDocsPerSec;
      checks.push(
        `bulk write ${ratio.toFixed(1)}× LangChain addVectors with the default table (target ≥ 5×: ${verdict(ratio >= 5)}); storedTsvector: false ${ratioVariant.toFixed(1)}× (${verdict(ratioVariant >= 5)})`,
      );
    }
    const h = r.hybrid.p95 / r.hnsw.p95;
    checks.push(`topic-query hybrid p95 ${h.toFixed(2)}× vector p95 (target ≤ 1.3×: ${verdict(h <= 1.3)})`);
    const hb = r.hybridBroad.p95 / r.hnsw.p95;
    checks.push(`broad-query hybrid p95 ${hb.toFixed(2)}× (${verdict(hb <= 1.3)})`);
    const hv = r.variant.hybrid.p95 / r.variant.hnsw.p95;
    checks.push(`topic-query hybrid p95 with storedTsvector: false ${hv.toFixed(2)}× its HNSW p95 (${verdict(hv <= 1.3)})`);
    const hvb = r.variant.hybridBroad.p95 / r.variant.hnsw.p95;
    checks.push(`broad-query hybrid p95 with storedTsvector: false ${hvb.toFixed(2)}× (${verdict(hvb <= 1.3)})`);
    checks.push(`recall@10 ${r.recallAt10.toFixed(3)} (target ≥ 0.95: ${verdict(r.recallAt10 >= 0.95)})`);
    lines.push(`- ${r.target}, ${f0(r.size)} docs: ${checks.join('; ')}.`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

/** Stores for `benchStore` on one connection: defaults except HNSW, deferred indexes, a fresh table. */
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
      // durable defaults (fsync on) so write numbers are honest; more maintenance memory for HNSW builds
      server = await startPostgres({
        settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', maintenance_work_mem: '1GB' },
      });
      url = server.url;
      serverDesc = 'throwaway PostgreSQL 15 + pgvector 0.8.0 (fsync on, shared_buffers 256MB, maintenance_work_mem 1GB)';
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
    for (const size of allSizes) {
      log(`generating ${size} × ${DIM} clustered documents`);
      const data = makeDataset(size, DIM, QUERIES + WARMUP);
      if (url && SIZES.includes(size)) {
        const r: RunResult = await benchStore('PostgreSQL 15 server', size, data, storeFactory({ connectionString: url }));
        if (LANGCHAIN) r.langchain = await benchLangchain(url, size, data);
        results.push(r);
        await finalReport(results, serverDesc); // partial results survive an interrupted run
      }
      if (PGLITE_SIZES.includes(size)) {
        const db = await createPglite();
        try {
          await db.query("SET maintenance_work_mem = '1GB'");
          results.push(await benchStore('PGlite (in process)', size, data, storeFactory({ pglite: db })));
          await finalReport(results, serverDesc);
        } finally {
          await db.close();
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
