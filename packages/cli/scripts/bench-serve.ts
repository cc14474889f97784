/**
 * `npm run bench:serve [-- 50 20]`: `synapse serve` (spawned as a process) on a real PostgreSQL
 * server under CONCURRENCY clients (default 50) each sending REQUESTS `POST /query` one after the
 * other (default 20), over the shipped PostgreSQL docs indexed by `synapse index` (GloVe, offline,
 * extractive answers). Reports errors, p50 / p95 / p99 / max latency and throughput, then checks
 * that no server connection is left running a statement or idle in a transaction (no leaked pool
 * clients) and that SIGTERM drains and exits 0. Prints a Markdown table for docs/benchmarks.md.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import { CLI_COMMAND, runCli } from '../test/run-cli.js';

const [concurrency = 50, perClient = 20] = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const corpus = fileURLToPath(new URL('../../../examples/data/postgresql-docs', import.meta.url));
const questions = (
  JSON.parse(readFileSync(new URL('../../../examples/data/postgresql-docs-questions.json', import.meta.url), 'utf8')) as {
    questions: Array<{ question: string }>;
  }
).questions.map((q) => q.question);
const env = { OLLAMA_HOST: 'http://127.0.0.1:9', CHROMA_URL: '', SYNAPSE_ADMIN_TOKEN: '' };
const table = 'bench_serve';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function startServe(databaseUrl: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(
    process.execPath,
    [...CLI_COMMAND, 'serve', '--port', '0', '--database-url', databaseUrl, '--table', table],
    {
      env: { ...process.env, ...env },
    },
  );
  child.stderr.pipe(process.stderr);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"event":"listening"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`synapse serve exited with ${code} before listening`)));
  });
}

const pg: ThrowawayServer | undefined = process.env.DATABASE_URL ? undefined : await startPostgres();
const databaseUrl = pg?.url ?? (process.env.DATABASE_URL as string);
try {
  const started = Date.now();
  const indexed = await runCli(['index', corpus, '--database-url', databaseUrl, '--table', table, '--json'], env);
  if (indexed.code !== 0) throw new Error(`synapse index failed (${indexed.code}):\n${indexed.stderr}`);
  const summary = JSON.parse(indexed.stdout.trim().split('\n').at(-1) as string) as { files: number; chunks: number };
  console.error(`indexed ${summary.files} files, ${summary.chunks} chunks in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { child, url } = await startServe(databaseUrl);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const query = async (i: number) => {
    const t = performance.now();
    const res = await fetch(`${url}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: questions[i % questions.length], topK: 5, routingKey: `user-${i % concurrency}` }),
    });
    const body = (await res.json()) as { sources?: unknown[] };
    return { ms: performance.now() - t, ok: res.status === 200 && Array.isArray(body.sources), status: res.status };
  };
  for (let i = 0; i < 20; i++) await query(i); // warm-up: model load, pool connections, plans

  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      for (let r = 0; r < perClient; r++) {
        const { ms, ok, status } = await query(c * perClient + r);
        latencies.push(ms);
        if (!ok) failures.set(status, (failures.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  const observer = new PgvectorDocumentStore({ connectionString: databaseUrl, poolMax: 1, tableName: `${table}_observer` });
  const rows = await observer.query<{ state: string | null; n: number }>(
    "SELECT state, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' GROUP BY state",
  );
  await observer.close();
  child.kill('SIGTERM');
  const code = await exited;

  const sorted = [...latencies].sort((a, b) => a - b);
  const busy = rows.filter((r) => r.state !== 'idle').reduce((n, r) => n + r.n, 0);
  const idle = rows.filter((r) => r.state === 'idle').reduce((n, r) => n + r.n, 0);
  const errors = [...failures].map(([s, n]) => `${n}× HTTP ${s}`).join(', ') || '0';
  console.log(
    `\n${summary.files} pages → ${summary.chunks} chunks (GloVe 100-d, PostgreSQL ${pg ? '15 throwaway cluster' : 'DATABASE_URL'}); ${cpus().length} CPUs (parallelism ${availableParallelism()}), client and server on the same machine.\n`,
  );
  console.log(
    '| clients × requests | errors | p50 | p95 | p99 | max | throughput | connections after (busy / idle) | SIGTERM exit |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${concurrency} × ${perClient} | ${errors} | ${percentile(sorted, 50).toFixed(0)} ms | ${percentile(sorted, 95).toFixed(0)} ms | ${percentile(sorted, 99).toFixed(0)} ms | ${(sorted.at(-1) ?? 0).toFixed(0)} ms | ${(latencies.length / seconds).toFixed(1)} req/s | ${busy} / ${idle} | ${code} |`,
  );
  if (failures.size > 0 || busy > 0 || code !== 0) process.exitCode = 1;
} finally {
  await pg?.stop();
}
