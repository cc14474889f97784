/**
 * `npm run bench:writes` — bulk writes of `PgvectorDocumentStore` against the floor, on a throwaway
 * PostgreSQL server (fsync, synchronous_commit and full_page_writes on):
 * - **store**: `writeDocuments(batch)` (validation, de-duplication, binary COPY encoding, one
 *   transaction; batches under `copyThreshold` (200) go through multi-row INSERT, as they do for users);
 * - **store, bulkMode copy** (batches under `copyThreshold` only): the same, forced to binary COPY;
 * - **store ×2**: `bulkWriteDocuments(batch, { streams: 2 })` (two connections, commit barrier);
 * - **floor** / **floor ×2**: the same rows encoded as binary COPY before the clock starts, then
 *   BEGIN / COPY / COMMIT through bare `pg` + `pg-copy-streams` (one or two connections at once).
 * Every contender writes its own table of the same layout (indexes deferred, as for a bulk load),
 * batch by batch in rotation (`writeInterleaved`) so a noisy moment hits them alike; for the default
 * stored tsvector and `storedTsvector: false`, at each dimension and batch size. Also the client's
 * own cost without a server: validation and binary-COPY encoding, rows/s on one core.
 *
 *   npm run bench:writes                                  384 and 1024-d, 20,000 docs, batches 100 / 1k / 5k / 10k
 *   npm run bench:writes -- --dims 384 --docs 40000 --batches 10000
 *   npm run bench:writes -- --json out.json               also the raw results (--report FILE re-prints them)
 *   npm run bench:writes -- --no-plots                    leave docs/benchmarks/write-throughput.svg alone
 *   npm run bench:writes -- --pglite-small 10,100         also PGlite: small calls, INSERT (default) vs COPY
 * DATABASE_URL: use that server instead of a throwaway cluster.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { dedupeBatch } from '@synapse-rag/core';
import { PgvectorDocumentStore, validateDocuments } from '@synapse-rag/pgvector';
import { startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import pg from 'pg';
import { log, median, sizesOf, writeInterleaved } from './bench-utils.js';
import { makeDataset } from './clustered-dataset.js';
import { copyFloor, encodeRows } from './copy-floor.js';
import { measurePgliteSmall, type PgliteSmallResult } from './pglite-small-writes.js';
import { type Row, writePlots } from './plots.js';
import { ratio } from './stats.js';
import { writeThroughputSpec } from './write-plots.js';

const { values: args } = parseArgs({
  options: {
    dims: { type: 'string', default: '384,1024' },
    docs: { type: 'string', default: '20000' },
    batches: { type: 'string', default: '100,1000,5000,10000' },
    json: { type: 'string' },
    report: { type: 'string' },
    plots: { type: 'string', default: 'docs/benchmarks' },
    'no-plots': { type: 'boolean', default: false },
    'pglite-small': { type: 'string' },
  },
});

/** One contender's throughput in one configuration. */
interface WriteResult {
  dim: number;
  layout: 'stored tsvector' | 'storedTsvector: false';
  batch: number;
  contender: 'store' | 'store, bulkMode copy' | 'store ×2' | 'floor' | 'floor ×2';
  docsPerSec: number;
  /** CPU time of this (client) process per document while the contender ran (user + system, µs). */
  clientCpuUsPerDoc?: number;
  /** 1-minute load average before and after the configuration ran. */
  load: [number, number];
}

/** The client's own cost per dimension, no server: rows/s of each step on one core (median of 3, after one warm-up). */
interface ClientCost {
  dim: number;
  validateRowsPerSec: number;
  encodeRowsPerSec: number;
}

interface Saved {
  caption: string;
  docs: number;
  results: WriteResult[];
  client: ClientCost[];
  /** `--pglite-small`: small calls on PGlite, INSERT (the default under copyThreshold) vs COPY. */
  pglite?: PgliteSmallResult[];
}

const COPY_THRESHOLD = 200; // the store's default copyThreshold
const STREAM_MIN_BATCH = 2 * COPY_THRESHOLD; // bulkWriteDocuments uses one stream below 2 × copyThreshold

function clientCost(docs: ReturnType<typeof makeDataset>['docs'], dim: number): ClientCost {
  const rate = (fn: () => void) =>
    median(
      [0, 1, 2, 3]
        .map(() => {
          const t0 = performance.now();
          fn();
          return docs.length / ((performance.now() - t0) / 1000);
        })
        .slice(1), // the first pass warms the JIT
    );
  return {
    dim,
    validateRowsPerSec: rate(() => {
      validateDocuments(docs, dim, 'vector');
      dedupeBatch(docs, 'fail');
    }),
    encodeRowsPerSec: rate(() => encodeRows(docs)),
  };
}

async function measure(url: string, dims: number[], docsPerRun: number, batchSizes: number[]) {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const results: WriteResult[] = [];
  const client: ClientCost[] = [];
  try {
    for (const dim of dims) {
      const { docs } = makeDataset(docsPerRun, dim, 1);
      client.push(clientCost(docs, dim));
      log(`${dim}-d client cost`, client.at(-1));
      for (const stored of [true, false]) {
        const layout = stored ? 'stored tsvector' : 'storedTsvector: false';
        for (const size of batchSizes) {
          const batches: (typeof docs)[] = [];
          for (let i = 0; i < docs.length; i += size) batches.push(docs.slice(i, i + size));
          const make = (table: string, bulkMode: 'auto' | 'copy' = 'auto') =>
            new PgvectorDocumentStore({
              pool,
              tableName: table,
              embeddingDimension: dim,
              storedTsvector: stored,
              deferIndexes: true,
              recreateTable: true,
              bulkMode,
            });
          const tables = {
            store: make('w_store'),
            storeCopy: make('w_store_copy', 'copy'),
            store2: make('w_store2'),
            floor: make('w_floor'),
            floor2: make('w_floor2'),
          };
          for (const s of Object.values(tables)) await s.initialize();
          const parallel = size >= STREAM_MIN_BATCH;
          // under copyThreshold the store's default is multi-row INSERT; also time it forced to COPY
          const small = size < COPY_THRESHOLD;
          const writers = {
            store: (b: readonly (typeof docs)[number][]) => tables.store.writeDocuments(b),
            ...(small
              ? { 'store, bulkMode copy': (b: readonly (typeof docs)[number][]) => tables.storeCopy.writeDocuments(b) }
              : {}),
            floor: copyFloor(pool, tables.floor.qualifiedTableName, batches, 1),
            ...(parallel
              ? {
                  'store ×2': (b: readonly (typeof docs)[number][]) => tables.store2.bulkWriteDocuments(b, { streams: 2 }),
                  'floor ×2': copyFloor(pool, tables.floor2.qualifiedTableName, batches, 2),
                }
              : {}),
          };
          // the client's CPU per contender (the writers run one at a time, so the process's CPU is theirs)
          const cpuUs: Record<string, number> = {};
          const timed = Object.fromEntries(
            Object.entries(writers).map(([name, write]) => [
              name,
              async (b: readonly (typeof docs)[number][]) => {
                const c0 = process.cpuUsage();
                await write(b);
                const c = process.cpuUsage(c0);
                cpuUs[name] = (cpuUs[name] ?? 0) + c.user + c.system;
              },
            ]),
          );
          const before = loadavg()[0] ?? 0;
          const rates = await writeInterleaved(batches, timed);
          const load: [number, number] = [before, loadavg()[0] ?? 0];
          for (const [contender, docsPerSec] of Object.entries(rates)) {
            const clientCpuUsPerDoc = (cpuUs[contender] ?? 0) / docs.length;
            const c = contender as WriteResult['contender'];
            results.push({ dim, layout, batch: size, contender: c, docsPerSec, clientCpuUsPerDoc, load });
          }
          log(
            `${dim}-d, ${layout}, batch ${size} (load ${load.map((l) => l.toFixed(1)).join(' → ')}):`,
            Object.entries(rates)
              .map(([k, v]) => `${k} ${Math.round(v)} (client CPU ${((cpuUs[k] ?? 0) / docs.length).toFixed(1)} µs/doc)`)
              .join(', '),
          );
          for (const s of Object.values(tables)) {
            await s.dropTable();
            await s.close();
          }
        }
      }
    }
  } finally {
    await pool.end();
  }
  return { results, client };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** Markdown tables: per dimension and layout, each batch size's docs/s and our ratio to the floor. */
function table({ caption, results, client, pglite }: Saved): string {
  const lines = [caption, ''];
  const get = (r: Omit<WriteResult, 'contender' | 'docsPerSec' | 'load'>, c: WriteResult['contender']) =>
    results.find((x) => x.dim === r.dim && x.layout === r.layout && x.batch === r.batch && x.contender === c);
  lines.push(
    '| dim | layout | batch | store docs/s | floor docs/s | floor / store | store ×2 | floor ×2 | floor ×2 / store ×2 | store ×2 / store | client CPU µs/doc, store / floor | load |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  );
  for (const r of results.filter((x) => x.contender === 'store')) {
    const floor = get(r, 'floor');
    const s2 = get(r, 'store ×2');
    const f2 = get(r, 'floor ×2');
    const cpu = (x?: WriteResult) => x?.clientCpuUsPerDoc?.toFixed(1) ?? '—';
    const rt = (a?: WriteResult, b?: WriteResult) => (a && b ? `${ratio(a.docsPerSec, b.docsPerSec).toFixed(2)}×` : '—');
    lines.push(
      `| ${r.dim} | ${r.layout} | ${n(r.batch)} | ${n(r.docsPerSec)} | ${floor ? n(floor.docsPerSec) : '—'} | ${rt(floor, r)} | ${s2 ? n(s2.docsPerSec) : '—'} | ${f2 ? n(f2.docsPerSec) : '—'} | ${rt(f2, s2)} | ${rt(s2, r)} | ${cpu(r)} / ${cpu(floor)} | ${r.load.map((l) => l.toFixed(1)).join(' → ')} |`,
    );
  }
  const forced = results.filter((x) => x.contender === 'store, bulkMode copy');
  if (forced.length > 0) {
    lines.push(
      '',
      `Calls under copyThreshold (${COPY_THRESHOLD}): the store's default (multi-row INSERT) and forced to COPY:`,
      '',
    );
    lines.push('| dim | layout | batch | store (INSERT) | store, bulkMode copy | floor | client CPU µs/doc, INSERT / copy |');
    lines.push('|---:|---|---:|---:|---:|---:|---|');
    for (const f of forced) {
      const st = get(f, 'store');
      const fl = get(f, 'floor');
      lines.push(
        `| ${f.dim} | ${f.layout} | ${n(f.batch)} | ${st ? n(st.docsPerSec) : '—'} | ${n(f.docsPerSec)} | ${fl ? n(fl.docsPerSec) : '—'} | ${st?.clientCpuUsPerDoc?.toFixed(1) ?? '—'} / ${f.clientCpuUsPerDoc?.toFixed(1) ?? '—'} |`,
      );
    }
  }
  if (pglite?.length) {
    lines.push('', "PGlite (in process), small calls: the default (multi-row INSERT) vs `bulkMode: 'copy'`, docs/s:", '');
    lines.push('| dim | batch | INSERT | COPY | COPY / INSERT | load |', '|---:|---:|---:|---:|---:|---|');
    for (const r of pglite)
      lines.push(
        `| ${r.dim} | ${n(r.batch)} | ${n(r.insertDocsPerSec)} | ${n(r.copyDocsPerSec)} | ${ratio(r.copyDocsPerSec, r.insertDocsPerSec).toFixed(2)}× | ${r.load.map((l) => l.toFixed(1)).join(' → ')} |`,
      );
  }
  lines.push(
    '',
    'Client-side cost alone (no server, one core): rows/s',
    '',
    '| dim | validate + de-duplicate | binary COPY encoding |',
  );
  lines.push('|---:|---:|---:|');
  for (const c of client) lines.push(`| ${c.dim} | ${n(c.validateRowsPerSec)} | ${n(c.encodeRowsPerSec)} |`);
  return lines.join('\n');
}

async function output(saved: Saved): Promise<void> {
  console.log(table(saved));
  if (args['no-plots']) return;
  const rows: Row[] = saved.results.map((r) => ({
    dim: r.dim,
    layout: r.layout,
    batch: r.batch,
    contender:
      r.contender === 'store, bulkMode copy'
        ? "our store, bulkMode 'copy'"
        : `${r.contender.startsWith('store') ? 'our store' : 'floor: raw COPY, bare pg'}, ${r.contender.endsWith('×2') ? '2 streams' : '1 stream'}`,
    streams: r.contender.endsWith('×2') ? '2' : '1',
    docsPerSec: r.docsPerSec,
  }));
  const written = await writePlots(args.plots ?? 'docs/benchmarks', {
    'write-throughput': writeThroughputSpec(rows, saved.caption.split(';')[0] ?? ''),
  });
  log('plots:', written.join(', '));
}

async function main(): Promise<void> {
  if (args.report) {
    await output(JSON.parse(await readFile(args.report, 'utf8')) as Saved);
    return;
  }
  const dims = sizesOf(args.dims ?? '384,1024');
  const docs = Number(args.docs);
  const batchSizes = sizesOf(args.batches ?? '');
  const started = new Date();
  let server: ThrowawayServer | undefined;
  const onSignal = () => void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let url = process.env.DATABASE_URL;
  let measured: Awaited<ReturnType<typeof measure>>;
  try {
    if (!url) {
      server = await startPostgres({
        settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: '1GB' },
      });
      url = server.url;
    }
    measured = await measure(url, dims, docs, batchSizes);
  } finally {
    await server?.stop();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`;
  const caption = `${n(docs)} clustered docs per configuration, batches ${batchSizes.map(n).join(' / ')}; ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${process.env.DATABASE_URL ? 'the DATABASE_URL server' : 'PostgreSQL 15 + pgvector 0.8.0 throwaway server, fsync / synchronous_commit / full_page_writes on'}, indexes deferred.`;
  const pgliteSizes = sizesOf(args['pglite-small'] ?? '');
  const pglite = pgliteSizes.length > 0 ? await measurePgliteSmall(dims, docs, pgliteSizes) : undefined;
  const saved: Saved = { caption, docs, ...measured, pglite };
  if (args.json) await writeFile(args.json, JSON.stringify(saved, null, 2));
  await output(saved);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
