/**
 * `npm run bench:chroma` — ChromaDocumentStore on a real local Chroma server: write throughput
 * (per duplicate policy, plus the raw `chromadb` client's `add` as a baseline), export
 * throughput, and query latency (p50/p95/p99; unfiltered, metadata-filtered, and with a filter
 * that needs the shadow keys) with HNSW recall@10 against an exact scan, on clustered vectors.
 *
 * Flags (or env):
 *   --sizes=10000        BENCH_SIZES     document counts
 *   --dim=384            BENCH_DIM
 *   --queries=200        BENCH_QUERIES   timed queries per kind (after 10 warm-up queries)
 *   --batch=5000         BENCH_BATCH     documents per writeDocuments call
 *   --json=FILE                          also write raw results as JSON
 *   CHROMA_URL           use this server instead of starting a throwaway one
 * Quick run: npm run bench:chroma -- --sizes=2000 --queries=30
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChromaDocumentStore, type ChromaServer, startChromaServer } from '@synapse-rag/chroma';
import type { Document, Filter } from '@synapse-rag/core';
import { flag, type Latency, log, sizesOf, timeQueries } from './bench-utils.js';
import { makeDataset } from './clustered-dataset.js';

const SIZES = sizesOf(flag('sizes', 'BENCH_SIZES', '10000'));
const DIM = Number(flag('dim', 'BENCH_DIM', '384'));
const QUERIES = Number(flag('queries', 'BENCH_QUERIES', '200'));
const BATCH = Number(flag('batch', 'BENCH_BATCH', '5000'));
const JSON_OUT = flag('json', 'BENCH_JSON', '');
const WARMUP = 10;
const TOP_K = 10;

// ---------------------------------------------------------------- data

// ---------------------------------------------------------------- measuring

/** Exact cosine top-k by brute force (norms precomputed), for recall. */
function exactTopK(docs: readonly Document[], norms: Float64Array, q: readonly number[], k: number): string[] {
  let qn = 0;
  for (const x of q) qn += x * x;
  qn = Math.sqrt(qn);
  const scored = docs.map((d, j) => {
    const e = d.embedding!;
    let dot = 0;
    for (let i = 0; i < e.length; i++) dot += e[i]! * q[i]!;
    return { id: d.id, s: dot / (qn * norms[j]!) };
  });
  return scored
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.id);
}

interface Row {
  operation: string;
  n: number;
  docsPerSec?: number;
  latency?: Latency;
  note?: string;
}

async function writeAll(
  store: ChromaDocumentStore,
  docs: readonly Document[],
  policy: 'fail' | 'skip' | 'overwrite',
): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += BATCH) await store.writeDocuments(docs.slice(i, i + BATCH), { policy });
  return docs.length / ((performance.now() - t0) / 1000);
}

async function benchSize(url: string, n: number): Promise<Row[]> {
  const rows: Row[] = [];
  log(`n=${n}: generating ${n} × ${DIM} clustered vectors`);
  // same generator as the pgvector benchmark: n/100 clusters, 30-word texts, meta { cluster, year, doc_type }
  const data = makeDataset(n, DIM, QUERIES + WARMUP);
  const docs = data.docs;
  const queries = data.queries.map((q) => q.embedding);
  const name = `bench-${n}-${Date.now()}`;
  const store = new ChromaDocumentStore({ url, collectionName: name });
  const baseline = new ChromaDocumentStore({ url, collectionName: `${name}-raw` });
  try {
    // raw client baseline: collection.add in max-batch chunks, no checks, no encoding
    const collection = await baseline.getCollection();
    const max = await baseline.getMaxBatchSize();
    let t0 = performance.now();
    for (let i = 0; i < n; i += max) {
      const chunk = docs.slice(i, i + max);
      await collection.add({
        ids: chunk.map((d) => d.id),
        documents: chunk.map((d) => d.content),
        embeddings: chunk.map((d) => d.embedding!),
        metadatas: chunk.map((d) => d.meta as Record<string, string | number>),
      });
    }
    const raw = n / ((performance.now() - t0) / 1000);
    rows.push({ operation: 'raw chromadb `collection.add` (baseline, no checks)', n, docsPerSec: raw });
    log(`n=${n}: raw add ${raw.toFixed(0)} docs/s`);
    await baseline.chromaClient.deleteCollection({ name: baseline.collectionName });

    const add = await writeAll(store, docs, 'fail');
    rows.push({ operation: `writeDocuments policy fail (duplicate check + add), ${BATCH}/call`, n, docsPerSec: add });
    log(`n=${n}: write (fail) ${add.toFixed(0)} docs/s`);
    const skip = await writeAll(store, docs, 'skip');
    rows.push({ operation: 'writeDocuments policy skip, all ids exist (check only)', n, docsPerSec: skip });
    log(`n=${n}: write (skip, all existing) ${skip.toFixed(0)} docs/s`);
    const overwrite = await writeAll(store, docs, 'overwrite');
    rows.push({ operation: 'writeDocuments policy overwrite, all ids exist (upsert)', n, docsPerSec: overwrite });
    log(`n=${n}: write (overwrite) ${overwrite.toFixed(0)} docs/s`);

    t0 = performance.now();
    let exported = 0;
    for await (const page of store.exportDocuments({ batchSize: 1000 })) exported += page.length;
    const exportRate = exported / ((performance.now() - t0) / 1000);
    if (exported !== n) throw new Error(`export returned ${exported} of ${n} documents`);
    rows.push({ operation: 'exportDocuments (pages of 1000, with embeddings)', n, docsPerSec: exportRate });
    log(`n=${n}: export ${exportRate.toFixed(0)} docs/s`);

    const answers = new Map<number[], string[]>();
    const plain = await timeQueries(queries, WARMUP, async (q) => {
      const result = await store.embeddingRetrieval({ queryEmbedding: q, topK: TOP_K });
      answers.set(
        q,
        result.map((d) => d.id),
      ); // recall is computed after timing
    });
    const norms = Float64Array.from(docs, (d) => Math.sqrt(d.embedding!.reduce((a, x) => a + x * x, 0)));
    const timed = queries.slice(WARMUP);
    let hits = 0;
    for (const q of timed) {
      const exact = new Set(exactTopK(docs, norms, q, TOP_K));
      hits += (answers.get(q) ?? []).filter((id) => exact.has(id)).length;
    }
    const recall = hits / (timed.length * TOP_K);
    rows.push({
      operation: `query topK ${TOP_K}, no filter`,
      n,
      latency: plain,
      note: `recall@10 vs exact = ${recall.toFixed(3)}`,
    });
    log(`n=${n}: query p50 ${plain.p50.toFixed(1)} ms, recall@10 ${recall.toFixed(3)}`);

    const filter: Filter = {
      operator: 'AND',
      conditions: [
        { field: 'meta.doc_type', operator: '==', value: 'pdf' },
        { field: 'meta.year', operator: '>=', value: 2020 },
      ],
    };
    const filtered = await timeQueries(queries, WARMUP, (q) =>
      store.embeddingRetrieval({ queryEmbedding: q, topK: TOP_K, filters: filter }),
    );
    rows.push({ operation: `query topK ${TOP_K}, filter doc_type == pdf AND year >= 2020 (~10 %)`, n, latency: filtered });
    log(`n=${n}: filtered query p50 ${filtered.p50.toFixed(1)} ms`);

    const rawCollection = await store.getCollection();
    const rawWhere: Parameters<typeof rawCollection.query>[0]['where'] = {
      $and: [{ doc_type: { $eq: 'pdf' } }, { year: { $gte: 2020 } }],
    };
    const rawPlain = await timeQueries(queries, WARMUP, (q) => rawCollection.query({ queryEmbeddings: [q], nResults: TOP_K }));
    rows.push({ operation: `raw chromadb \`collection.query\` topK ${TOP_K}, no filter (baseline)`, n, latency: rawPlain });
    const rawFiltered = await timeQueries(queries, WARMUP, (q) =>
      rawCollection.query({ queryEmbeddings: [q], nResults: TOP_K, where: rawWhere }),
    );
    rows.push({ operation: `raw chromadb \`collection.query\` topK ${TOP_K}, same where (baseline)`, n, latency: rawFiltered });
    log(`n=${n}: raw query p50 ${rawPlain.p50.toFixed(1)} ms, raw filtered p50 ${rawFiltered.p50.toFixed(1)} ms`);

    const shadow: Filter = { operator: 'NOT', conditions: [{ field: 'meta.year', operator: '<', value: 2020 }] };
    const shadowed = await timeQueries(queries, WARMUP, (q) =>
      store.embeddingRetrieval({ queryEmbedding: q, topK: TOP_K, filters: shadow }),
    );
    rows.push({
      operation: `query topK ${TOP_K}, filter NOT (year < 2020) (shadow keys + foreign-record check)`,
      n,
      latency: shadowed,
    });
    log(`n=${n}: shadow-key query p50 ${shadowed.p50.toFixed(1)} ms`);
    const trusting = new ChromaDocumentStore({ url, collectionName: name, skipForeignRecordCheck: true });
    const trusted = await timeQueries(queries, WARMUP, (q) =>
      trusting.embeddingRetrieval({ queryEmbedding: q, topK: TOP_K, filters: shadow }),
    );
    rows.push({ operation: `query topK ${TOP_K}, filter NOT (year < 2020), skipForeignRecordCheck`, n, latency: trusted });
    log(`n=${n}: shadow-key query without the check p50 ${trusted.p50.toFixed(1)} ms`);
  } finally {
    await store.chromaClient.deleteCollection({ name: store.collectionName }).catch(() => undefined);
    await baseline.chromaClient.deleteCollection({ name: baseline.collectionName }).catch(() => undefined);
  }
  return rows;
}

function toMarkdown(rows: readonly Row[], server: string): string {
  const lines = [
    `Chroma server: ${server}; ${DIM}-d clustered unit vectors (n/100 clusters), cosine collection, one client, sequential.`,
    `${QUERIES} timed queries per kind after ${WARMUP} warm-up. Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform} ${process.arch}, ${cpus().length} cores, Node ${process.version}; load average at the end ${loadavg()[0]!.toFixed(1)}.`,
    '',
    '| operation | n | docs/s or p50 / p95 / p99 ms |',
    '|---|---:|---|',
  ];
  for (const r of rows) {
    const value =
      r.docsPerSec !== undefined
        ? `${Math.round(r.docsPerSec).toLocaleString('en-US')} docs/s`
        : `${r.latency!.p50.toFixed(1)} / ${r.latency!.p95.toFixed(1)} / ${r.latency!.p99.toFixed(1)} ms`;
    lines.push(`| ${r.operation} | ${r.n.toLocaleString('en-US')} | ${value}${r.note ? ` (${r.note})` : ''} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let server: ChromaServer | undefined;
  let dir: string | undefined;
  let url = process.env.CHROMA_URL;
  let description = url ?? '';
  if (!url) {
    dir = await mkdtemp(join(tmpdir(), 'synapse-bench-chroma-'));
    server = await startChromaServer({ path: join(dir, 'data') });
    url = server.url;
    description = `local \`chroma run\` (chromadb 3.5.0 CLI, bindings 1.0.5), fresh data dir`;
    log(`started Chroma at ${url} (pid ${server.pid})`);
  }
  try {
    const rows: Row[] = [];
    for (const n of SIZES) rows.push(...(await benchSize(url, n)));
    const markdown = toMarkdown(rows, description);
    console.log(markdown);
    if (JSON_OUT) await writeFile(JSON_OUT, JSON.stringify({ dim: DIM, queries: QUERIES, rows }, null, 2));
  } finally {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
