/**
 * `npm run soak [-- --minutes 5 --clients 16]`: a long mixed load on the migration runtime — one
 * `HybridDocumentStore` in dual write (with a file outbox) over a throwaway PostgreSQL server and a
 * throwaway Chroma server, `clients` loops each writing a document, reading it back routed by its
 * key and deleting an old one. Every 15 s it prints operations/s, errors, the process RSS and heap,
 * the server connections the store holds (`pg_stat_activity`) and the outbox size; at the end the
 * two stores are compared. Growth of RSS or connections over a long run is what this looks for.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ChromaDocumentStore, startChromaServer } from '@synapse-rag/chroma';
import { canonicalJson, type DocumentStore } from '@synapse-rag/core';
import { FileOutbox, HybridDocumentStore, SILENT_LOGGER } from '@synapse-rag/migration';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { startPostgres } from '@synapse-rag/pgvector/testing';
import pg from 'pg';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '2' }, clients: { type: 'string', default: '16' } },
});
const minutes = Number(values.minutes);
const clients = Number(values.clients);
const DIM = 64;
const vector = (i: number) => Array.from({ length: DIM }, (_, d) => Math.sin(i * 0.13 + d));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const dir = await mkdtemp(join(tmpdir(), 'synapse-soak-'));
const server = await startPostgres();
const chroma = await startChromaServer({ path: join(dir, 'chroma') });
const appName = 'synapse-soak';
const url = new URL(server.url);
url.searchParams.set('application_name', appName);
const target = new PgvectorDocumentStore({
  connectionString: url.toString(),
  embeddingDimension: DIM,
  tableName: 'soak',
  poolMax: 8,
});
const legacy = new ChromaDocumentStore({ url: chroma.url, collectionName: 'soak' });
const outbox = await FileOutbox.open(join(dir, 'outbox.jsonl'));
const hybrid = new HybridDocumentStore({
  legacy,
  target,
  outbox,
  logger: SILENT_LOGGER,
  flags: {
    enableDualWrite: true,
    usePgvector: false,
    pgvectorReadPercentage: 50,
    enableShadowReads: true,
    shadowReadSampleRate: 0.1,
  },
});
const probe = new pg.Client({ connectionString: server.url });
await probe.connect();

let ops = 0;
let errors = 0;
let seq = 0;
const deadline = Date.now() + minutes * 60_000;
const started = Date.now();
console.log(`soak: ${clients} clients for ${minutes} min (dual write, 50 % pgvector reads, 10 % shadow reads)\n`);
console.log('| elapsed s | ops/s | errors | RSS MB | heap MB | server connections | outbox |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
let lastOps = 0;
let lastAt = started;
const report = async () => {
  const now = Date.now();
  const { rows } = await probe.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [appName],
  );
  const m = process.memoryUsage();
  console.log(
    `| ${((now - started) / 1000).toFixed(0)} | ${(((ops - lastOps) * 1000) / (now - lastAt)).toFixed(0)} | ${errors} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${rows[0]?.n} | ${outbox.size} |`,
  );
  lastOps = ops;
  lastAt = now;
};
const timer = setInterval(() => void report(), 15_000);

await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    while (Date.now() < deadline) {
      const i = seq++;
      try {
        await hybrid.writeDocuments([
          { id: `s${i}`, content: `soak document ${i} from client ${client}`, meta: { client, i }, embedding: vector(i) },
        ]);
        await hybrid.embeddingRetrieval({ queryEmbedding: vector(i), topK: 5, routingKey: `client-${client}` });
        if (i >= 200 && i % 2 === 0) await hybrid.deleteDocuments([`s${i - 200}`]);
        ops += 3;
      } catch {
        errors++;
      }
    }
  }),
);
clearInterval(timer);
await report();
await hybrid.settleShadows();
const hashes = async (store: DocumentStore) =>
  createHash('sha256')
    .update(
      (await store.filterDocuments())
        .map((d) => `${d.id}\0${d.content}\0${canonicalJson(d.meta)}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
const [t, l] = await Promise.all([hashes(target), hashes(legacy)]);
console.log(
  `\n${seq} writes, ${errors} errors; stores equal after the run: ${t === l}; target holds ${await target.countDocuments()} documents.`,
);
await probe.end();
await hybrid.close();
await outbox.close();
await target.close();
await chroma.stop();
await server.stop();
await rm(dir, { recursive: true, force: true });
