/**
 * Synapse RAG quickstart — runs fully offline on the embedded default:
 * PGlite (PostgreSQL 18 in WASM) + pgvector, the shipped GloVe embedder (transformers.js),
 * hybrid retrieval (vector + full-text, fused with RRF in one SQL query) and the extractive
 * answerer (no LLM: it quotes the best sentences and cites their documents).
 *
 *   npm start                                   # asks the default question
 *   npm start -- "Who discovered penicillin?"   # your question
 *   npm start -- --data-dir .synapse/pg "..."   # persist the database in a directory
 *   npm start -- --filter topic=history "..."   # metadata filter
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createDocument,
  ExtractiveAnswerGenerator,
  type ExtractiveCitation,
  type Filter,
  type Meta,
  Pipeline,
  RecordingTracer,
} from '@synapse-rag/core';
import { PgvectorDocumentStore, PgvectorHybridRetriever } from '@synapse-rag/pgvector';
import { TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    filter: { type: 'string', multiple: true },
    'top-k': { type: 'string', default: '4' },
    mermaid: { type: 'boolean', default: false },
  },
});
const question = positionals.join(' ').trim() || 'What is the capital of France?';
const topK = Number(values['top-k']);

const corpus = JSON.parse(readFileSync(new URL('./data/corpus.json', import.meta.url), 'utf8')) as Array<{
  content: string;
  meta: Meta;
}>;
const filters: Filter | undefined = values.filter?.length
  ? {
      operator: 'AND',
      conditions: values.filter.map((f) => {
        const [key, raw = ''] = f.split('=');
        const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
        return { field: `meta.${key}`, operator: '==', value };
      }),
    }
  : undefined;

const t0 = performance.now();
// 1. The store: PGlite in memory (or in --data-dir), 100-d vectors from the GloVe model.
const store = new PgvectorDocumentStore({
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  tableName: 'quickstart_documents',
  embeddingDimension: 100,
  vectorFunction: 'cosine_similarity',
});

// 2. Indexing: embed the corpus and write it (idempotent: same content → same id → skipped).
const docEmbedder = new TransformersDocumentEmbedder();
const { documents } = await docEmbedder.run({ documents: corpus.map((d) => createDocument(d)) });
const written = await store.writeDocuments(documents, { policy: 'skip' });
const tIndexed = performance.now();

// 3. The query pipeline: embed the question → hybrid retrieval → extractive answer.
const pipeline = new Pipeline({ metadata: { name: 'quickstart' } })
  .addComponent('embedder', new TransformersTextEmbedder())
  .addComponent('retriever', new PgvectorHybridRetriever({ documentStore: store, topK }))
  .addComponent('answerer', new ExtractiveAnswerGenerator({ maxSentences: 2 }))
  .connect('embedder.embedding', 'retriever.queryEmbedding')
  .connect('retriever.documents', 'answerer.documents');

const tracer = new RecordingTracer();
const result = await pipeline.run(
  { text: question, query: question, ...(filters ? { filters } : {}) },
  { includeOutputsFrom: ['retriever'], tracer },
);
const tQueried = performance.now();

// The chained pipeline types its result: `documents` is Document[], `replies` string[], `meta` Meta[].
const retrieved = result.retriever?.documents ?? [];
const replies = result.answerer?.replies ?? [];
const meta = result.answerer?.meta?.[0] as { citations?: ExtractiveCitation[] } | undefined; // Meta is any JSON object

console.log(`Question: ${question}${filters ? `  (filters: ${values.filter!.join(', ')})` : ''}\n`);
console.log(`Answer (extractive — quoted from the documents, no LLM):\n  ${replies[0]}\n`);
if (meta?.citations?.length) {
  console.log('Citations:');
  for (const c of meta.citations) console.log(`  [${c.index}] ${c.documentId.slice(0, 12)}…`);
  console.log('');
}
console.log(`Retrieved (hybrid: vector + keyword, RRF-fused in one SQL query):`);
for (const d of retrieved) console.log(`  ${d.score?.toFixed(3)}  ${d.id.slice(0, 12)}…  ${d.content.slice(0, 80)}`);
const hops = tracer.events.flatMap((e) => (e.type === 'component:end' ? [`${e.component} ${e.durationMs.toFixed(1)} ms`] : []));
console.log(
  `\nIndexed ${documents.length} documents (${written} new) in ${(tIndexed - t0).toFixed(0)} ms; query in ${(tQueried - tIndexed).toFixed(0)} ms (${hops.join(', ')}).`,
);
if (values.mermaid) console.log(`\n${pipeline.draw()}`);
await store.close();
