/**
 * Hybrid retrieval + reranking on pgvector (PGlite, in memory), offline: a vector retriever and
 * a keyword retriever fused with reciprocal rank fusion, then a cross-encoder reranker — and
 * each stage's ranking printed, so you can see what each one contributes.
 *
 *   npx tsx --conditions=source examples/hybrid-reranking.ts ["your question"]
 *
 * Models: the embedder is the shipped GloVe model (semantic, bag of words). No real
 * cross-encoder ships with the repository (none is reachable offline): the reranker runs the
 * shipped `synapse/tiny-lexical-cross-encoder` fixture, a real ONNX cross-encoder whose score
 * is IDF-weighted query-term coverage — lexical, not semantic. For real reranking put e.g.
 * `BAAI/bge-reranker-base` under a folder and pass `{ model, localModelPath }` (see
 * packages/transformers/README.md); nothing else in the pipeline changes.
 */
import { createDocument, type Document, DocumentJoiner, Pipeline } from '@synapse-rag/core';
import {
  PgvectorDocumentStore,
  PgvectorEmbeddingRetriever,
  PgvectorHybridRetriever,
  PgvectorKeywordRetriever,
} from '@synapse-rag/pgvector';
import {
  SHIPPED_MODELS,
  TransformersDocumentEmbedder,
  TransformersSimilarityRanker,
  TransformersTextEmbedder,
} from '@synapse-rag/transformers';

const question = process.argv.slice(2).join(' ').trim() || 'How does the heart pump blood?';

const corpus = [
  'The heart pumps blood through the arteries to every organ of the body.',
  'Veins carry blood back to the heart, and valves keep it flowing one way.',
  'Cardiac muscle contracts rhythmically; each heartbeat pushes blood into the aorta.',
  'A water pump moves liquid by raising its pressure with a rotating impeller.',
  'Blood donation helps hospitals treat patients after surgery or accidents.',
  'The lungs exchange oxygen and carbon dioxide between the air and the blood.',
  'Photosynthesis turns light, water and carbon dioxide into sugar in plant leaves.',
  'A bicycle pump pushes air into a tyre through a one-way valve.',
].map((content, i) => createDocument({ content, meta: { n: i + 1 } }));

// Index: embed with the shipped GloVe model (100-d) and write to pgvector.
const store = new PgvectorDocumentStore({ tableName: 'hybrid_reranking', embeddingDimension: 100 });
const { documents } = await new TransformersDocumentEmbedder().run({ documents: corpus });
await store.writeDocuments(documents);

// Query: embed → (vector ‖ keyword) → RRF → cross-encoder.
const pipeline = new Pipeline({ metadata: { name: 'hybrid-reranking' } })
  .addComponent('embedder', new TransformersTextEmbedder())
  .addComponent('vector', new PgvectorEmbeddingRetriever({ documentStore: store, topK: 5 }))
  .addComponent('keyword', new PgvectorKeywordRetriever({ documentStore: store, topK: 5 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [0.5, 0.5] }))
  .addComponent('ranker', new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyCrossEncoder, topK: 3 }))
  .connect('embedder.embedding', 'vector.queryEmbedding')
  .connect('vector.documents', 'joiner.documents')
  .connect('keyword.documents', 'joiner.documents')
  .connect('joiner.documents', 'ranker.documents');

const result = await pipeline.run({ text: question, query: question }, { includeOutputsFrom: ['vector', 'keyword', 'joiner'] });

const show = (label: string, docs: Document[] | undefined) => {
  console.log(`${label}`);
  for (const [i, d] of (docs ?? []).entries())
    console.log(`  ${i + 1}. ${(d.score ?? 0).toFixed(3)}  #${d.meta.n}  ${d.content.slice(0, 72)}`);
};
console.log(`Question: ${question}\n`);
show('vector (cosine similarity):', result.vector?.documents);
show('keyword (full-text rank, ts_rank_cd):', result.keyword?.documents);
show('fused (RRF, 1.0 = first in both lists):', result.joiner?.documents);
show('reranked (cross-encoder, sigmoid of the logit):', result.ranker.documents);

// The same hybrid in ONE SQL query (both searches and the fusion inside PostgreSQL).
const oneQuery = new PgvectorHybridRetriever({ documentStore: store, topK: 3 });
const { embedding } = await new TransformersTextEmbedder().run({ text: question });
show(
  '\none-query hybrid (PgvectorHybridRetriever):',
  (await oneQuery.run({ query: question, queryEmbedding: embedding })).documents,
);
await store.close();
