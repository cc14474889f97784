/**
 * `npm run bench:models` — throughput of the offline transformers.js models shipped in
 * `@synapse-rag/transformers`:
 * - the GloVe static embedder (`synapse/glove-wiki-100d-20k`): embeddings/s one text per call
 *   (query path) and in batches (document path), plus model load time;
 * - the lexical cross-encoder fixture (`synapse/tiny-lexical-cross-encoder`): (query, document)
 *   pairs/s through `TransformersSimilarityRanker` at two batch sizes.
 * Texts are generated deterministically from the GloVe vocabulary (8–40 words each).
 * Options: `--docs N` (default 2000), `--queries N` (default 300), `--repeat N` (default 3; the
 * median run is reported — the machine may be shared, see the load average printed first).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDocument, type Document } from '@synapse-rag/core';
import {
  releaseModels,
  SHIPPED_MODELS,
  shippedModelPath,
  TransformersDocumentEmbedder,
  TransformersSimilarityRanker,
  TransformersTextEmbedder,
} from '@synapse-rag/transformers';
import { rng } from './bench-utils.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

function corpus(count: number, seed: number): string[] {
  const tokenizer = JSON.parse(readFileSync(join(shippedModelPath(SHIPPED_MODELS.glove), 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
  };
  const words = Object.keys(tokenizer.model.vocab)
    .filter((w) => /^\p{L}+$/u.test(w))
    .slice(0, 5000);
  const rnd = rng(seed);
  return Array.from({ length: count }, () => {
    const n = 8 + Math.floor(rnd() * 33);
    // Zipf-like pick: frequent words more often, like real text.
    return `${Array.from({ length: n }, () => words[Math.floor(words.length * rnd() ** 2)]).join(' ')}.`;
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs `fn` `repeats` times and returns the run with the median `rate`. */
async function median<T extends { rate: number }>(repeats: number, fn: () => Promise<T>): Promise<T> {
  const runs: T[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await fn());
  runs.sort((a, b) => a.rate - b.rate);
  return runs[Math.floor(runs.length / 2)]!;
}

async function main(): Promise<void> {
  const docCount = arg('docs', 2000);
  const queryCount = arg('queries', 300);
  const repeats = arg('repeat', 3);
  const texts = corpus(docCount, 1);
  const queries = corpus(queryCount, 2).map((q) => q.split(' ').slice(0, 8).join(' '));
  const documents: Document[] = texts.map((content, i) => createDocument({ id: `d${i}`, content }));
  const rows: string[][] = [];
  const avgWords = texts.reduce((s, t) => s + t.split(' ').length, 0) / texts.length;
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}; ${docCount} documents (avg ${fmt(avgWords, 1)} words), ${queryCount} queries (8 words); median of ${repeats} runs\n`,
  );

  // GloVe: load time, query path, document path.
  let t0 = performance.now();
  const textEmbedder = new TransformersTextEmbedder();
  await textEmbedder.warmUp();
  rows.push(['GloVe embedder: load (first warmUp)', `${fmt(performance.now() - t0)} ms`, 'tokenizer.json + 2 MB ONNX']);

  for (const q of queries.slice(0, 20)) await textEmbedder.run({ text: q }); // warm caches
  const single = await median(repeats, async () => {
    const latencies: number[] = [];
    const start = performance.now();
    for (const q of queries) {
      const s = performance.now();
      await textEmbedder.run({ text: q });
      latencies.push(performance.now() - s);
    }
    latencies.sort((a, b) => a - b);
    return { rate: queryCount / ((performance.now() - start) / 1000), latencies };
  });
  rows.push([
    'GloVe embedder: one query per call (TextEmbedder)',
    `${fmt(single.rate)} embeddings/s`,
    `p50 ${fmt(percentile(single.latencies, 0.5), 2)} ms, p95 ${fmt(percentile(single.latencies, 0.95), 2)} ms`,
  ]);

  for (const batchSize of [1, 32, 128]) {
    const embedder = new TransformersDocumentEmbedder({ batchSize });
    await embedder.warmUp();
    const docs = batchSize === 1 ? documents.slice(0, Math.min(500, documents.length)) : documents;
    const r = await median(repeats, async () => {
      t0 = performance.now();
      await embedder.run({ documents: docs });
      return { rate: docs.length / ((performance.now() - t0) / 1000) };
    });
    rows.push([
      `GloVe embedder: documents, batchSize ${batchSize} (DocumentEmbedder)`,
      `${fmt(r.rate)} embeddings/s`,
      `${docs.length} docs`,
    ]);
  }

  // Cross-encoder fixture: pairs per second.
  const pairDocs = documents.slice(0, Math.min(200, documents.length));
  for (const batchSize of [16, 64]) {
    const ranker = new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyCrossEncoder, batchSize, topK: 10 });
    await ranker.warmUp();
    await ranker.run({ query: queries[0]!, documents: pairDocs.slice(0, 32) });
    const rounds = Math.max(1, Math.ceil(1000 / pairDocs.length));
    const r = await median(repeats, async () => {
      t0 = performance.now();
      for (let i = 0; i < rounds; i++) await ranker.run({ query: queries[i % queries.length]!, documents: pairDocs });
      const sec = (performance.now() - t0) / 1000;
      return { rate: (rounds * pairDocs.length) / sec, perQuery: (sec * 1000) / rounds };
    });
    rows.push([
      `Cross-encoder fixture: rerank ${pairDocs.length} docs, batchSize ${batchSize}`,
      `${fmt(r.rate)} pairs/s`,
      `${fmt(r.perQuery, 1)} ms per query`,
    ]);
  }
  await releaseModels();

  console.log('| Measurement | Result | Notes |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

await main();
