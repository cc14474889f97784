/**
 * `npm run bench:quickstart [-- --pglite-dir DIR] [--json FILE]`: retrieval quality on the
 * quickstart corpus (the shipped PostgreSQL documentation subset) for the 20 questions of
 * examples/data/postgresql-docs-questions.json. The corpus is indexed exactly as `synapse index`
 * does it (converters, cleaner, splitter, GloVe, PGlite); each question is then answered by
 * vector-only retrieval, keyword-only retrieval, the store's one-query hybrid, and the pipeline
 * `synapse ask` runs (vector + keyword fused by RRF). hit@k: one of the question's pages is
 * among the top k chunks' files. Prints a Markdown table for docs/benchmarks.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Document, type DocumentSplitterOptions, type DocumentStore, standaloneContext } from '@synapse-rag/core';
import type { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { z } from 'zod';
import { expandPaths } from '../src/indexing/expand-paths.js';
import { indexFiles } from '../src/indexing/index-files.js';
import { INDEX_SPLITTER } from '../src/indexing/indexing-pipeline.js';
import { openIndex } from '../src/indexing/open-index.js';
import { GLOVE_EMBEDDER, textEmbedderFor } from '../src/models/model-choice.js';
import { ask } from '../src/query/ask.js';
import { openAsk } from '../src/query/open-ask.js';
import { StoreSettingsSchema } from '../src/store/store-options.js';

const root = new URL('../../../', import.meta.url).pathname;
const { values } = parseArgs({
  options: { 'pglite-dir': { type: 'string' }, json: { type: 'string' }, split: { type: 'string' } },
});
const QuestionsSchema = z.object({
  questions: z.array(z.object({ question: z.string(), pages: z.array(z.string()).min(1) })).min(1),
});
const { questions } = QuestionsSchema.parse(
  JSON.parse(await readFile(join(root, 'examples/data/postgresql-docs-questions.json'), 'utf8')),
);
const K = [1, 3, 5] as const;
// --split word:120:20[:sentences] → DocumentSplitter options (to compare chunkings); default: synapse index's.
const [splitBy, splitLength, splitOverlap, sentences] = (values.split ?? '').split(':');
const splitter = values.split
  ? {
      splitBy: splitBy as DocumentSplitterOptions['splitBy'],
      splitLength: Number(splitLength),
      splitOverlap: Number(splitOverlap ?? 0),
      respectSentenceBoundary: sentences === 'sentences',
    }
  : undefined;

const tmp = values['pglite-dir'] ? undefined : await mkdtemp(join(tmpdir(), 'synapse-quality-'));
const settings = StoreSettingsSchema.parse({ pgvector: { pgliteDir: values['pglite-dir'] ?? tmp } });
const index = await openIndex(settings);
const embedder = index.ledger.embedder ?? GLOVE_EMBEDDER;
const store = index.documents(embedder) as PgvectorDocumentStore;
const t0 = performance.now();
const indexed = await indexFiles({
  files: expandPaths(['examples/data/postgresql-docs/*.html'], root),
  store,
  ledger: index.ledger,
  embedder,
  cwd: root,
  ...(splitter ? { splitter } : {}),
});
const indexSeconds = (performance.now() - t0) / 1000;
const chunkCount = await store.countDocuments();
await index.close();

const opened = await openAsk(settings, { topK: 5, env: {} });
const target = opened.deps.targetStore as DocumentStore & PgvectorDocumentStore;
const textEmbedder = textEmbedderFor(embedder);
const fileOf = (d: Document) => basename(String(d.meta.file_path ?? ''));

type Method = 'vector' | 'keyword' | 'hybrid (one SQL query)' | 'synapse ask (vector + keyword, RRF)';
const hits = new Map<Method, number[]>();
const misses: string[] = [];
for (const q of questions) {
  const { embedding } = (await textEmbedder.run({ text: q.question }, standaloneContext('text_embedder'))) as {
    embedding: number[];
  };
  const ranked: Record<Method, Document[]> = {
    vector: await target.embeddingRetrieval({ queryEmbedding: embedding, topK: 5 }),
    keyword: await target.keywordRetrieval({ query: q.question, topK: 5 }),
    'hybrid (one SQL query)': await target.hybridRetrieval({ queryEmbedding: embedding, query: q.question, topK: 5 }),
    'synapse ask (vector + keyword, RRF)': (await ask(opened.pipeline, q.question, opened.deps)).documents.map(
      (s) => ({ id: s.id, content: '', meta: s.meta }) as Document,
    ),
  };
  for (const [method, docs] of Object.entries(ranked) as Array<[Method, Document[]]>) {
    const rank = docs.findIndex((d) => q.pages.includes(fileOf(d)));
    const row = hits.get(method) ?? K.map(() => 0);
    K.forEach((k, i) => {
      if (rank >= 0 && rank < k) row[i] = (row[i] ?? 0) + 1;
    });
    hits.set(method, row);
    if (method.startsWith('synapse ask') && rank < 0) misses.push(`${q.question} → ${docs.map(fileOf).join(', ')}`);
  }
}
await opened.close();
if (tmp) await rm(tmp, { recursive: true, force: true });

const n = questions.length;
console.log(
  `Chunking: ${JSON.stringify(splitter ?? INDEX_SPLITTER)}. Corpus: ${indexed.files} pages → ${chunkCount} chunks, indexed in ${indexSeconds.toFixed(1)} s (${indexed.unchanged} unchanged); embedder ${embedder.model} (${embedder.dimension}-d); ${n} questions.\n`,
);
console.log(`| retrieval | ${K.map((k) => `hit@${k}`).join(' | ')} |`);
console.log(`|---|${K.map(() => '---:').join('|')}|`);
for (const [method, row] of hits)
  console.log(`| ${method} | ${row.map((h) => `${h}/${n} (${Math.round((100 * h) / n)} %)`).join(' | ')} |`);
if (misses.length > 0) console.log(`\nMissed by synapse ask at 5:\n${misses.map((m) => `- ${m}`).join('\n')}`);
if (values.json) {
  await writeFile(
    values.json,
    `${JSON.stringify({ questions: n, chunks: chunkCount, indexSeconds, hits: Object.fromEntries(hits), k: K }, null, 2)}\n`,
  );
}
