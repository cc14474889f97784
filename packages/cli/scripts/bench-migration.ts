/**
 * `npm run bench:migration [-- 10000 100000]`: docs/s and peak RSS of `synapse migrate` (spawned
 * as a process, real PostgreSQL server + real Chroma, 1024-d) next to the source's own limit
 * measured in the same run: the raw `chromadb` client paging through the same collection with
 * embeddings. Also times `synapse verify`. Prints a Markdown table for docs/benchmarks.md.
 *
 * `--json FILE` also writes each run's time series of committed documents (from migrate's
 * `{"event":"batch"}` lines, one per committed batch: seconds since the load began, documents
 * done) with the machine's load average; `npm run bench:migration-plot -- FILE` draws it
 * (the renderer lives in the bench package, which the CLI must not import).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChromaClient, startChromaServer } from '@synapse-rag/chroma';
import { startPostgres } from '@synapse-rag/pgvector/testing';
import { createLegacyFixture } from '../../migration/test/legacy-fixture.js';
import { CLI_COMMAND } from '../test/run-cli.js';

const DIM = 1024;
const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'string' } } });
const jsonOut = flags.json;
const sizes = positionals.map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(10_000, 100_000);

function run(args: string[]): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      resolve({
        code,
        ms: Date.now() - started,
        lines: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      }),
    );
  });
}

async function rawExport(url: string, name: string): Promise<number> {
  const col = await createChromaClient({ url }).getCollection({ name });
  const started = Date.now();
  let n = 0;
  for (let offset = 0; ; offset += 1000) {
    const res = await col.get({ limit: 1000, offset, include: ['embeddings', 'documents', 'metadatas'] });
    n += res.ids.length;
    if (res.ids.length < 1000) break;
  }
  return (n * 1000) / (Date.now() - started);
}

const dir = await mkdtemp(join(tmpdir(), 'synapse-bench-migration-'));
const pgServer = await startPostgres();
const chroma = await startChromaServer({ path: join(dir, 'chroma') });
const rows: string[] = [];
/** Per corpus: when each batch committed (seconds since the load began) and the documents done by then. */
const series: Array<{ corpus: string; load: [number, number]; points: Array<{ seconds: number; done: number }> }> = [];
try {
  for (const count of sizes) {
    const collection = `bench-${count}`;
    process.stderr.write(`creating ${count} × ${DIM} legacy documents…\n`);
    const f = await createLegacyFixture({
      sqlitePath: join(dir, `legacy-${count}.db`),
      chromaUrl: chroma.url,
      collection,
      count,
      dimension: DIM,
    });
    const limit = await rawExport(chroma.url, collection);
    const args = [
      '--sqlite',
      f.sqlitePath,
      '--chroma-url',
      chroma.url,
      '--chroma-collection',
      collection,
      '--database-url',
      pgServer.url,
      '--table',
      `bench_${count}`,
    ];
    const loadBefore = loadavg()[0] ?? 0;
    const migrate = await run(['migrate', ...args, '--json']);
    if (migrate.code !== 0) throw new Error(`migrate exited ${migrate.code}`);
    const batches = migrate.lines.filter((l) => l.event === 'batch') as Array<{ elapsedMs: number; done: number }>;
    series.push({
      corpus: `${count.toLocaleString('en-US')} × ${DIM}`,
      load: [loadBefore, loadavg()[0] ?? 0],
      points: batches.map((b) => ({ seconds: b.elapsedMs / 1000, done: b.done })),
    });
    const load = batches.at(-1) as { elapsedMs: number; done: number };
    const done = migrate.lines.at(-1) as { peakRssMb: number };
    const verify = await run(['verify', ...args, '--json']);
    const v = verify.lines.at(-1) as { ok: boolean; docsPerSecond: number };
    const loadRate = (load.done * 1000) / load.elapsedMs;
    rows.push(
      `| ${count.toLocaleString('en-US')} × ${DIM} | ${Math.round(limit)} | ${Math.round(loadRate)} (${(loadRate / limit).toFixed(2)}×) | ${(migrate.ms / 1000).toFixed(1)} s | ${done.peakRssMb} MB | ${v.docsPerSecond} (${v.ok ? 'ok' : 'FAILED'}) |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  console.log(
    '| corpus | raw chromadb export, docs/s | migrate load, docs/s (× limit) | migrate wall incl. start + indexes | migrate peak RSS | verify, docs/s |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  if (jsonOut) {
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    await writeFile(jsonOut, JSON.stringify({ date: `${date} UTC`, dimension: DIM, batchSize: 1000, series }, null, 2));
  }
} finally {
  await chroma.stop();
  await pgServer.stop();
  await rm(dir, { recursive: true, force: true });
}
