/**
 * `npm run bench` — one command for the headline figures, every subject side by side in one table:
 * - the full query pipeline minus the LLM (fixed-cost fake query embedder → one-statement hybrid
 *   retrieval with RRF, top 50 → cross-encoder rerank to 10 → prompt build) on a throwaway
 *   PostgreSQL server and on PGlite, with the per-component breakdown from core's RecordingTracer;
 * - the floor: the retrieval's exact statements (recorded from the store) replayed through bare
 *   `pg`, timed interleaved with the retrieval pipeline, so our overhead is a measured ratio; and
 *   for the load, the write floor (the same rows pre-encoded, raw binary COPY through bare `pg`,
 *   alternating batch by batch with `writeDocuments`; the full write study is `npm run bench:writes`);
 * - vector, keyword and hybrid retrieval at 1 / 4 / 16 / 64 concurrent clients through one pool;
 * - the Chroma path of the flag-aware factory on the same corpus, HNSW recall@10 by ef_search, and
 *   the pipeline engine's overhead per component hop (bench:core's chains).
 *
 *   npm run bench                      quick profile (20,000 × 1024-d, a few minutes on 2 cores)
 *   npm run bench -- --full            the issue's scale (100,000 × 1024-d)
 *   npm run bench -- --json out.json   also write the raw results
 *   npm run bench -- --plots DIR       where the SVG plots go (default docs/benchmarks; --no-plots: none)
 *   npm run bench -- --docs N          override the profile's corpus size (a smoke run)
 *   npm run bench -- --no-chroma       skip the Chroma target (a throwaway `chroma run` server otherwise)
 *   npm run bench -- --no-pglite       skip the PGlite target (a data directory on disk; slow to index at --full)
 *   npm run bench -- --report FILE     print the table and redraw the plots of a saved --json file
 * DATABASE_URL: use that server instead of starting a throwaway cluster.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createPglite, PgvectorDocumentStore, PgvectorHybridRetriever } from '@synapse-rag/pgvector';
import { startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import pg from 'pg';
import { log } from './bench-utils.js';
import { benchChromaPath, CHROMA_VECTOR, type ChromaTarget, startChromaTarget } from './chroma-query-path.js';
import { makeDataset } from './clustered-dataset.js';
import { type ConcurrencyResult, sweepClients } from './concurrent-clients.js';
import { copyPayload, encodeRows } from './copy-floor.js';
import { type HopRow, measureHops } from './core-hop-overhead.js';
import type { Query } from './pgvector-contenders.js';
import { benchPlots, type Row, writePlots } from './plots.js';
import { benchQueryPipeline, type QueryPipelineResult } from './query-pipeline.js';
import { type RecallPoint, recallSweep } from './recall-sweep.js';
import { replay, type Statement, StatementRecorder } from './statement-recorder.js';
import { type Latency, ratio, throughput } from './stats.js';

const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    json: { type: 'string' },
    plots: { type: 'string', default: 'docs/benchmarks' },
    'no-plots': { type: 'boolean', default: false },
    docs: { type: 'string' },
    report: { type: 'string' },
    'no-chroma': { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
  },
});

/** Scale of one profile. */
interface Profile {
  name: 'quick' | 'full';
  docs: number;
  dim: number;
  /** Timed headline queries (after `warmup` untimed ones). */
  queries: number;
  warmup: number;
  /** Queries per concurrency level and query kind. */
  concurrencyQueries: number;
  levels: number[];
  /** Connections in the one pool the concurrent clients share. */
  poolSize: number;
}

const PROFILE: Profile = args.full
  ? {
      name: 'full',
      docs: 100_000,
      dim: 1024,
      queries: 300,
      warmup: 20,
      concurrencyQueries: 640,
      levels: [1, 4, 16, 64],
      poolSize: 16,
    }
  : {
      name: 'quick',
      docs: 20_000,
      dim: 1024,
      queries: 200,
      warmup: 20,
      concurrencyQueries: 512,
      levels: [1, 4, 16, 64],
      poolSize: 16,
    };
if (args.docs !== undefined) {
  const docs = Number(args.docs);
  if (!Number.isInteger(docs) || docs < 100) throw new Error(`--docs must be an integer ≥ 100, got "${args.docs}"`);
  PROFILE.docs = docs;
}
const WRITE_BATCH = 10_000;

/** One target's headline result. */
interface TargetResult
  extends Pick<QueryPipelineResult, 'pipeline' | 'components'>,
    Partial<Omit<QueryPipelineResult, 'pipeline' | 'components'>> {
  target: string;
  writeDocsPerSec: number;
  /** The bulk-write floor, interleaved batch by batch with the load: the same rows pre-encoded, raw binary COPY through bare `pg` (server). */
  floorWriteDocsPerSec?: number;
  /** HNSW + GIN build after the load (pgvector targets). */
  indexBuildSec?: number;
}

/**
 * Writes the corpus with binary COPY (indexes deferred), then builds HNSW + GIN. With `floor` (a
 * pool and a second table of the same layout), each batch is also written as the floor — encoded
 * before its clock starts, then raw COPY through bare `pg` — alternating which goes first.
 */
async function load(
  store: PgvectorDocumentStore,
  docs: ReturnType<typeof makeDataset>['docs'],
  tag: string,
  floor?: { pool: pg.Pool; table: PgvectorDocumentStore },
) {
  await store.initialize();
  await floor?.table.initialize();
  let storeMs = 0;
  let floorMs = 0;
  for (let i = 0; i < docs.length; i += WRITE_BATCH) {
    const batch = docs.slice(i, i + WRITE_BATCH);
    const payload = floor ? encodeRows(batch) : [];
    const timeStore = async () => {
      const t = performance.now();
      await store.writeDocuments(batch);
      storeMs += performance.now() - t;
    };
    const timeFloor = async () => {
      if (!floor) return;
      const t = performance.now();
      await copyPayload(floor.pool, floor.table.qualifiedTableName, payload);
      floorMs += performance.now() - t;
    };
    for (const step of (i / WRITE_BATCH) % 2 === 0 ? [timeStore, timeFloor] : [timeFloor, timeStore]) await step();
  }
  const writeDocsPerSec = throughput(docs.length, storeMs);
  const floorWriteDocsPerSec = floor ? throughput(docs.length, floorMs) : undefined;
  await floor?.table.dropTable();
  const t0 = performance.now();
  await store.createIndexes();
  await store.query(`ANALYZE ${store.qualifiedTableName}`);
  const indexBuildSec = (performance.now() - t0) / 1000;
  const floorNote = floorWriteDocsPerSec ? ` (write floor ${Math.round(floorWriteDocsPerSec)} docs/s)` : '';
  log(
    tag,
    `loaded ${docs.length} docs: ${Math.round(writeDocsPerSec)} docs/s${floorNote}, indexes ${indexBuildSec.toFixed(1)} s`,
  );
  return { writeDocsPerSec, floorWriteDocsPerSec, indexBuildSec };
}

const storeOptions = (tableName: string) =>
  ({ tableName, embeddingDimension: PROFILE.dim, searchStrategy: 'hnsw', deferIndexes: true, recreateTable: true }) as const;

/**
 * Vector, keyword and hybrid retrieval (top 10) at each concurrency level through the store's one
 * pool, interleaved level by level with `others` (Chroma's vector queries on the same corpus).
 */
function concurrency(store: PgvectorDocumentStore, queries: readonly Query[], others: ChromaTarget['kinds'] = {}) {
  const common = { topK: 10, returnEmbedding: false } as const;
  const kinds = {
    vector: (q: Query) => store.embeddingRetrieval({ ...common, queryEmbedding: q.embedding }),
    keyword: (q: Query) => store.keywordRetrieval({ ...common, query: q.text }),
    hybrid: (q: Query) => store.hybridRetrieval({ ...common, queryEmbedding: q.embedding, query: q.text }),
    ...others,
  };
  return sweepClients(queries, PROFILE.levels, kinds, (kind, r) =>
    log(
      `${kind} × ${r.clients} clients: ${Math.round(r.qps)} q/s, p50 ${r.latency.p50.toFixed(2)} p95 ${r.latency.p95.toFixed(2)}`,
    ),
  );
}

async function onServer(data: ReturnType<typeof makeDataset>, url: string, chroma: ChromaTarget | undefined) {
  const pool = new pg.Pool({ connectionString: url, max: PROFILE.poolSize });
  const floorPool = new pg.Pool({ connectionString: url, max: PROFILE.poolSize });
  const recorder = new StatementRecorder(pool);
  const store = new PgvectorDocumentStore({ ...storeOptions('bench_headline'), pool });
  try {
    const floorTable = new PgvectorDocumentStore({ ...storeOptions('bench_write_floor'), pool: floorPool });
    const loaded = await load(store, data.docs, 'server', { pool: floorPool, table: floorTable });
    const queries = data.queries.slice(0, PROFILE.queries + PROFILE.warmup);
    // the statements the pipeline's hybrid retriever sends, recorded once per query (after one
    // unrecorded call, so one-time statements such as the capability probe are not replayed)
    const retriever = new PgvectorHybridRetriever({ documentStore: store, topK: 50, returnEmbedding: false });
    const run = (q: Query) => retriever.run({ queryEmbedding: q.embedding, query: q.text });
    await run(queries[0] as Query);
    const statements: Statement[][] = [];
    for (const q of queries) statements.push(await recorder.record(() => run(q)));
    const headline = await benchQueryPipeline(store, queries, PROFILE.warmup, (_q, i) =>
      replay(floorPool, statements[i] as Statement[]),
    );
    log('server headline', brief(headline));
    const sweep = await recallSweep(store, queries, PROFILE.warmup);
    log('recall@10 by ef_search', sweep.map((p) => `${p.efSearch}: ${p.recallAt10.toFixed(3)}`).join(', '));
    const conc = await concurrency(store, data.queries.slice(0, PROFILE.concurrencyQueries), chroma?.kinds);
    return { headline: { target: 'PostgreSQL 15 server', ...loaded, ...headline }, concurrency: conc, sweep };
  } finally {
    await store.dropTable().catch(() => undefined);
    await store.close();
    await pool.end();
    await floorPool.end();
  }
}

/** Temporary directories in use, removed on SIGINT / SIGTERM too (a --full PGlite directory holds > 1 GB). */
const tempDirs = new Set<string>();

async function onPglite(data: ReturnType<typeof makeDataset>): Promise<TargetResult> {
  // A data directory on disk, as `synapse` keeps its PGlite: PGlite's in-memory file system
  // reallocates a relation file as it grows, so a large load in memory slows down with every
  // batch and holds gigabytes (docs/benchmarks.md, "--full").
  const dir = await mkdtemp(join(tmpdir(), 'synapse-bench-pglite-'));
  tempDirs.add(dir);
  const db = await createPglite(join(dir, 'data'));
  try {
    await db.query("SET maintenance_work_mem = '1GB'");
    const store = new PgvectorDocumentStore({ ...storeOptions('bench_headline'), pglite: db });
    const loaded = await load(store, data.docs, 'PGlite');
    const headline = await benchQueryPipeline(store, data.queries.slice(0, PROFILE.queries + PROFILE.warmup), PROFILE.warmup);
    log('PGlite headline', brief(headline));
    return { target: 'PGlite (in process)', ...loaded, ...headline };
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const lat = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;
const brief = (h: QueryPipelineResult) =>
  `pipeline ${lat(h.pipeline)}, retrieval ${lat(h.retrieval)}${h.floor ? `, floor ${lat(h.floor)}` : ''}`;

/** The side-by-side markdown tables. */
function table({ targets, concurrency: conc, caption, profile, sweep, engine }: Saved): string {
  const lines = [caption, ''];
  lines.push(
    '| target | full pipeline p50 / p95 / p99 ms | retrieval (embed → hybrid) | floor: same statements, bare `pg` | retrieval / floor p50 | p95 | COPY docs/s | write floor docs/s (floor / ours) | index build s |',
  );
  lines.push('|---|---|---|---|---:|---:|---:|---:|---:|');
  for (const t of targets) {
    const f = t.floor;
    const r = t.retrieval;
    const wf = t.floorWriteDocsPerSec;
    const writeFloor = wf ? `${Math.round(wf).toLocaleString('en-US')} (${ratio(wf, t.writeDocsPerSec).toFixed(2)}×)` : '—';
    lines.push(
      `| ${t.target} | ${lat(t.pipeline)} | ${r ? lat(r) : '—'} | ${f ? lat(f) : '—'} | ${f && r ? `${ratio(r.p50, f.p50).toFixed(2)}×` : '—'} | ${f && r ? `${ratio(r.p95, f.p95).toFixed(2)}×` : '—'} | ${Math.round(t.writeDocsPerSec).toLocaleString('en-US')} | ${writeFloor} | ${t.indexBuildSec?.toFixed(1) ?? '—'} |`,
    );
  }
  // component names as the factory names them; the engine's share (`other`) last
  const names = [...new Set(targets.flatMap((t) => Object.keys(t.components)).filter((n) => n !== 'other')), 'other'];
  lines.push('', 'Full pipeline, mean ms per component (RecordingTracer; `other` = the engine between components):', '');
  lines.push(`| target | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`);
  for (const t of targets)
    lines.push(`| ${t.target} | ${names.map((n) => (n in t.components ? ms(t.components[n] as number) : '—')).join(' | ')} |`);
  if (conc) {
    const chroma = CHROMA_VECTOR in conc;
    lines.push(
      '',
      `Top-10 retrieval, concurrent clients (the server through one pool of ${profile.poolSize} connections${chroma ? '; Chroma through one store / one bare `chromadb` client, same corpus, interleaved level by level' : ''}): q/s (p50 / p95 ms):`,
      '',
    );
    lines.push(`| query | ${profile.levels.map((c) => `${c} client${c > 1 ? 's' : ''}`).join(' | ')} |`);
    lines.push(`|---|${profile.levels.map(() => '---:').join('|')}|`);
    for (const [kind, rs] of Object.entries(conc))
      lines.push(
        `| ${kind} | ${rs.map((r) => `${Math.round(r.qps)} (${ms(r.latency.p50)} / ${ms(r.latency.p95)})`).join(' | ')} |`,
      );
    const hybrid = conc.hybrid;
    const vsChroma = conc[CHROMA_VECTOR];
    if (hybrid && vsChroma?.length === hybrid.length)
      lines.push(
        `| **our hybrid p95 / Chroma vector p95** | ${hybrid.map((r, i) => `**${ratio(r.latency.p95, (vsChroma[i] as ConcurrencyResult).latency.p95).toFixed(2)}×**`).join(' | ')} |`,
      );
  }
  if (engine) {
    lines.push('', 'Pipeline engine overhead per component hop (trivial components; target ≤ 20 µs wall):', '');
    lines.push('| chain | wall µs/hop | CPU µs/hop | direct call µs |', '|---|---:|---:|---:|');
    for (const r of engine)
      lines.push(`| ${r.name} | ${r.pipelineUs.toFixed(2)} | ${r.pipelineCpuUs.toFixed(2)} | ${r.directUs.toFixed(2)} |`);
  }
  if (sweep) {
    lines.push('', 'Server, HNSW top 10 vs the exact scan, one client: recall@10 and p50 / p95 ms by `ef_search`:', '');
    lines.push(`| ef_search | ${sweep.map((p) => p.efSearch).join(' | ')} |`, `|---|${sweep.map(() => '---:').join('|')}|`);
    lines.push(`| recall@10 | ${sweep.map((p) => p.recallAt10.toFixed(3)).join(' | ')} |`);
    lines.push(`| p50 / p95 | ${sweep.map((p) => `${ms(p.latency.p50)} / ${ms(p.latency.p95)}`).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** What `--json` writes and `--report` reads back. */
interface Saved {
  profile: Profile;
  machine: string;
  caption: string;
  targets: TargetResult[];
  concurrency?: Record<string, ConcurrencyResult[]>;
  sweep?: RecallPoint[];
  /** Pipeline engine overhead per component hop (chains of trivial components). */
  engine?: HopRow[];
}

/** Prints the table and (unless --no-plots) draws the plots of one run. */
async function output(saved: Saved): Promise<void> {
  const { caption, targets, concurrency: conc, sweep } = saved;
  console.log(table(saved));
  if (args['no-plots']) return;
  const latency: Row[] = targets.flatMap((t) =>
    (['pipeline', 'retrieval', 'floor'] as const).flatMap((k) => {
      const l = t[k];
      const subject = `${t.target}: ${k === 'floor' ? 'floor (bare pg)' : k}`;
      return l ? (['p50', 'p95', 'p99'] as const).map((p) => ({ subject, percentile: p, ms: l[p] })) : [];
    }),
  );
  const components: Row[] = targets.flatMap((t) =>
    Object.entries(t.components).map(([component, v], order) => ({ target: t.target, component, ms: v, order })),
  );
  const concurrencyRows: Row[] = Object.entries(conc ?? {}).flatMap(([query, rs]) =>
    rs.map((r) => ({ query, clients: r.clients, qps: r.qps, p95: r.latency.p95 })),
  );
  const written = await writePlots(
    args.plots ?? 'docs/benchmarks',
    benchPlots(
      {
        latency,
        components,
        concurrency: concurrencyRows,
        recall: (sweep ?? []).map((p) => ({ efSearch: p.efSearch, recall: p.recallAt10 })),
      },
      caption.split(';')[0] ?? '',
    ),
  );
  log('plots:', written.join(', '));
}

async function main(): Promise<void> {
  if (args.report) {
    await output(JSON.parse(await readFile(args.report, 'utf8')) as Saved);
    return;
  }
  const started = performance.now();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`;
  log(`profile ${PROFILE.name}: ${PROFILE.docs} × ${PROFILE.dim}-d; ${machine}`);
  const data = makeDataset(PROFILE.docs, PROFILE.dim, Math.max(PROFILE.queries + PROFILE.warmup, PROFILE.concurrencyQueries));
  let server: ThrowawayServer | undefined;
  let chroma: ChromaTarget | undefined;
  const onSignal = () =>
    void Promise.allSettled([server?.stop(), chroma?.stop()]).finally(() => {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const targets: TargetResult[] = [];
  let conc: Record<string, ConcurrencyResult[]> | undefined;
  let sweep: RecallPoint[] | undefined;
  const hopOptions = { rounds: args.full ? 9 : 3, quick: !args.full };
  const engine = [await measureHops(10, 'chain of 10', hopOptions), await measureHops(100, 'chain of 100', hopOptions)];
  log('engine µs per hop', engine.map((r) => `${r.name} ${r.pipelineUs.toFixed(2)}`).join(', '));
  let chromaHeadline: TargetResult | undefined;
  try {
    // Chroma holds the same corpus while the server runs, so its queries join the concurrency sweep
    if (!args['no-chroma']) chroma = await startChromaTarget(data.docs);
    let url = process.env.DATABASE_URL;
    if (!url) {
      server = await startPostgres({ settings: { shared_buffers: '2GB', maintenance_work_mem: '1GB' } });
      url = server.url;
    }
    const s = await onServer(data, url, chroma);
    targets.push(s.headline);
    conc = s.concurrency;
    sweep = s.sweep;
    await server?.stop();
    if (chroma)
      chromaHeadline = await benchChromaPath(chroma, data.queries.slice(0, PROFILE.queries + PROFILE.warmup), PROFILE.warmup);
  } finally {
    await Promise.allSettled([server?.stop(), chroma?.stop()]);
  }
  if (!args['no-pglite']) targets.push(await onPglite(data));
  if (chromaHeadline) targets.push(chromaHeadline);
  const caption = `${PROFILE.name} profile: ${PROFILE.docs.toLocaleString('en-US')} × ${PROFILE.dim}-d clustered docs, ${PROFILE.queries} timed queries after ${PROFILE.warmup} warm-up; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${process.env.DATABASE_URL ? 'the DATABASE_URL server' : 'PostgreSQL 15 + pgvector 0.8.0 throwaway server'}${args['no-pglite'] ? '' : ', PGlite in process (data directory on disk)'}${args['no-chroma'] ? '' : ', throwaway `chroma run` (chromadb 3.5.0, bindings 1.0.5)'}.`;
  const saved: Saved = { profile: PROFILE, machine, caption, targets, concurrency: conc, sweep, engine };
  if (args.json) await writeFile(args.json, JSON.stringify(saved, null, 2));
  await output(saved);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
