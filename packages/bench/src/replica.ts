/**
 * `npm run bench:replica [-- rows]`: what a streaming read replica does for query throughput and
 * what it costs in freshness. One throwaway primary and a real standby (`pg_basebackup -R`, a
 * second postgres on another port) on this machine; `rows` × 384-d clustered documents with HNSW.
 * Contenders, each at 1, 8 and 32 concurrent clients with a pool of 8 per server:
 *   primary only — every query on the primary;
 *   replica reads — `readConnectionString`: queries on the standby, the primary idle;
 *   both halves — two stores, half the clients on each server (what two app replicas would do).
 * Then the replay lag after a 2,000-row write (how long `readYourWrites` keeps reads on the primary).
 * Both servers share this machine's cores, so this measures routing and overhead, not the capacity a
 * replica on its own machine adds. Prints a Markdown table for docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { startPostgres, startReplica } from '@synapse-rag/pgvector/testing';
import pg from 'pg';
import { log } from './bench-utils.js';
import { makeDataset } from './clustered-dataset.js';
import { type ConcurrencyResult, runClients } from './concurrent-clients.js';

const rows = Number(process.argv[2] ?? 20_000);
const DIM = 384;
const QUERIES = 600;
const CLIENTS = [1, 8, 32];

const primary = await startPostgres();
const replica = await startReplica(primary);
const base = { tableName: 'replica_bench', embeddingDimension: DIM, searchStrategy: 'hnsw' as const, poolMax: 8 };
try {
  const data = makeDataset(rows, DIM, QUERIES);
  const writer = new PgvectorDocumentStore({ ...base, connectionString: primary.url, recreateTable: true, deferIndexes: true });
  log(`writing ${rows} × ${DIM}-d`);
  await writer.writeDocuments(data.docs);
  await writer.createIndexes();
  const onPrimary = new PgvectorDocumentStore({ ...base, connectionString: primary.url });
  const onReplica = new PgvectorDocumentStore({
    ...base,
    connectionString: primary.url,
    readConnectionString: replica.url,
    readYourWrites: false,
  });
  await waitForReplay(primary.url, replica.url);
  const query = (store: PgvectorDocumentStore) => (q: (typeof data.queries)[number]) =>
    store.embeddingRetrieval({ queryEmbedding: q.embedding, topK: 10, returnEmbedding: false });
  // Warm both servers' caches and the HNSW index.
  for (const store of [onPrimary, onReplica]) await runClients(data.queries.slice(0, 100), 4, query(store));

  const results: Array<{ contender: string } & ConcurrencyResult> = [];
  for (const clients of CLIENTS) {
    for (const [contender, run] of [
      ['primary only', () => runClients(data.queries, clients, query(onPrimary))],
      ['replica reads', () => runClients(data.queries, clients, query(onReplica))],
      ['both halves', () => bothHalves(clients)],
    ] as const) {
      if (contender === 'both halves' && clients < 2) continue; // needs a client per server
      const r = await run();
      log(`${contender} × ${clients}: ${r.qps.toFixed(0)} q/s, p95 ${r.latency.p95.toFixed(1)} ms`);
      results.push({ contender, ...r });
    }
  }

  async function bothHalves(clients: number): Promise<ConcurrencyResult> {
    const half = Math.max(1, Math.floor(clients / 2));
    const t0 = performance.now();
    const items = data.queries;
    const [a, b] = await Promise.all([
      runClients(items.slice(0, items.length / 2), half, query(onPrimary)),
      runClients(items.slice(items.length / 2), Math.max(1, clients - half), query(onReplica)),
    ]);
    const seconds = (performance.now() - t0) / 1000;
    const worst = a.latency.p95 > b.latency.p95 ? a.latency : b.latency;
    return { clients, qps: items.length / seconds, latency: { ...worst, p50: (a.latency.p50 + b.latency.p50) / 2 } };
  }

  // Freshness: a 2,000-row write, then how long until the standby has replayed it.
  const extra = makeDataset(2_000, DIM, 1, 7).docs.map((d) => ({ ...d, id: `late-${d.id}` }));
  const t0 = performance.now();
  await writer.writeDocuments(extra);
  const written = performance.now() - t0;
  const lag = await waitForReplay(primary.url, replica.url);

  console.log(
    `\nRead replica, ${rows.toLocaleString('en')} × ${DIM}-d, HNSW, topK 10, ${QUERIES} queries per cell, pool 8 per server, both servers on this machine:\n`,
  );
  console.log('| contender | clients | q/s | p50 ms | p95 ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.contender} | ${r.clients} | ${r.qps.toFixed(0)} | ${r.latency.p50.toFixed(1)} | ${r.latency.p95.toFixed(1)} |`,
    );
  }
  console.log(
    `\nA 2,000-row write took ${written.toFixed(0)} ms on the primary; the standby had replayed it ${lag.toFixed(0)} ms after the write returned.`,
  );
  for (const s of [writer, onPrimary, onReplica]) await s.close();
} finally {
  await replica.stop();
  await primary.stop();
}

/** Milliseconds until the standby has replayed the primary's current WAL position. */
async function waitForReplay(primaryUrl: string, replicaUrl: string): Promise<number> {
  const started = performance.now();
  const p = new pg.Client({ connectionString: primaryUrl });
  const r = new pg.Client({ connectionString: replicaUrl });
  await Promise.all([p.connect(), r.connect()]);
  try {
    const lsn = (await p.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]?.lsn;
    for (;;) {
      const ok = (await r.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0]?.ok;
      if (ok) return performance.now() - started;
      await new Promise((res) => setTimeout(res, 5));
    }
  } finally {
    await Promise.all([p.end(), r.end()]);
  }
}
