/**
 * The library API behind a quickstart, spelled out over a 24-document sample corpus
 * (examples/data/corpus.json), fully offline: PGlite (PostgreSQL in WASM) + pgvector, the
 * shipped GloVe embedder (transformers.js), hybrid retrieval (vector + full-text, fused with RRF
 * in one SQL query) and the extractive answerer (no LLM: it quotes the best sentences and cites
 * their documents). The pipelines are built in quickstart-pipeline.ts.
 *
 *   npx tsx --conditions=source examples/small-corpus.ts "Who discovered penicillin?"
 *   ... --data-dir .synapse/pg "..."   # persist the database in a directory
 *   ... --filter topic=history "..."   # metadata filter
 *   ... --mermaid                      # print the pipeline diagram
 */
import { parseArgs } from 'node:util';
import { type Filter, RecordingTracer } from '@synapse-rag/core';
import { openQuickstart } from './quickstart-pipeline.js';

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
// 1. The store (PGlite in memory or in --data-dir, 100-d GloVe vectors), the corpus embedded and
//    written (idempotent: same content → same id → skipped), and the query pipeline:
//    embed the question → hybrid retrieval → extractive answer. See quickstart-pipeline.ts.
const { store, pipeline, indexed, written } = await openQuickstart({
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  topK,
});
const tIndexed = performance.now();

// 2. Ask.
const tracer = new RecordingTracer();
const result = await pipeline.run(
  { text: question, query: question, ...(filters ? { filters } : {}) },
  { includeOutputsFrom: ['retriever'], tracer },
);
const tQueried = performance.now();

// The chained pipeline types its result: `documents` is Document[], `replies` string[],
// `citations` ExtractiveCitation[] ({ index, documentId, sentence, score, title?, source?, snippet }).
const retrieved = result.retriever?.documents ?? [];
const replies = result.answerer?.replies ?? [];
const citations = result.answerer?.citations ?? [];

console.log(`Question: ${question}${filters ? `  (filters: ${values.filter!.join(', ')})` : ''}\n`);
console.log(`Answer (extractive — quoted from the documents, no LLM):\n  ${replies[0]}\n`);
if (citations.length > 0) {
  console.log('Sources:');
  const shown = new Set<number>();
  for (const c of citations) {
    if (shown.has(c.index)) continue;
    shown.add(c.index);
    const label = [c.title, c.source].filter((x) => x !== undefined).join(' — ') || `"${c.snippet}"`;
    console.log(`  [${c.index}] ${label}  (document ${c.documentId.slice(0, 12)})`);
  }
  console.log('');
}
console.log(`Retrieved (hybrid: vector + keyword, RRF-fused in one SQL query; scores rank, they do not say "answered"):`);
for (const d of retrieved) console.log(`  ${d.score?.toFixed(3)}  ${d.id.slice(0, 12)}  ${d.content.slice(0, 80)}`);
const hops = tracer.events.flatMap((e) => (e.type === 'component:end' ? [`${e.component} ${e.durationMs.toFixed(1)} ms`] : []));
console.log(
  `\nIndexed ${indexed} documents (${written} new) in ${(tIndexed - t0).toFixed(0)} ms; query in ${(tQueried - tIndexed).toFixed(0)} ms (${hops.join(', ')}).`,
);
if (values.mermaid) console.log(`\n${pipeline.draw()}`);
await store.close();
