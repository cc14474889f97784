/**
 * A pipeline, step by step — the notebook walkthrough as a REPL-friendly script. Each step is a
 * top-level statement that prints what it made, so you can run the whole file:
 *
 *   npx tsx --conditions=source examples/explore.ts
 *
 * or paste it into a REPL one step at a time (`npx tsx --conditions=source` starts one; top-level
 * await works). Steps: documents → embeddings → each retriever on its own → fusion → the same as
 * one pipeline → its Mermaid diagram. Offline: in-memory store, the shipped GloVe embedder.
 */
import {
  createDocument,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  Pipeline,
} from '@synapse-rag/core';
import { TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';

const step = (title: string) => console.log(`\n## ${title}\n`);
const table = (docs: { id: string; score?: number | undefined; content: string }[]) => {
  for (const [i, d] of docs.entries())
    console.log(`  ${i + 1}. ${(d.score ?? 0).toFixed(3)}  ${d.id.slice(0, 8)}  ${d.content.slice(0, 60)}`);
};

// Step 1 — documents: content + meta; the id is the content's SHA-256 (same content, same id).
step('1. Documents');
const documents = [
  createDocument({ content: 'PostgreSQL stores rows in tables and answers SQL queries.', meta: { topic: 'databases' } }),
  createDocument({
    content: 'pgvector adds a vector column type and nearest-neighbour search to PostgreSQL.',
    meta: { topic: 'databases' },
  }),
  createDocument({ content: 'Chroma is an embedding database that keeps vectors in collections.', meta: { topic: 'databases' } }),
  createDocument({ content: 'Sourdough bread rises slowly because wild yeast ferments the dough.', meta: { topic: 'cooking' } }),
  createDocument({ content: 'A cast iron pan keeps its heat, so steaks get a dark crust.', meta: { topic: 'cooking' } }),
];
for (const d of documents) console.log(`  ${d.id.slice(0, 8)}  [${d.meta.topic}] ${d.content}`);

// Step 2 — embeddings: the document embedder fills `embedding` on each document.
step('2. Embeddings (shipped GloVe, 100 dimensions)');
// Written out (not `{ documents }`): tslab 1.0 mis-compiles shorthand properties naming a variable of an earlier cell.
const { documents: embedded } = await new TransformersDocumentEmbedder().run({ documents: documents });
for (const d of embedded)
  console.log(
    `  ${d.id.slice(0, 8)}  [${d.embedding?.length}] ${d.embedding
      ?.slice(0, 4)
      .map((x) => x.toFixed(3))
      .join(', ')}, …`,
  );
const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
console.log(`  written: ${await store.writeDocuments(embedded)} documents`);

// Step 3 — each retriever on its own: keyword (BM25) and vector (cosine similarity).
const question = 'vector search in a database';
step(`3. Retrievers, one at a time — "${question}"`);
const keyword = await new InMemoryBM25Retriever({ documentStore: store, topK: 3 }).run({ query: question });
console.log('keyword (BM25):');
table(keyword.documents);
const { embedding } = await new TransformersTextEmbedder().run({ text: question });
const vector = await new InMemoryEmbeddingRetriever({ documentStore: store, topK: 3 }).run({ queryEmbedding: embedding });
console.log('vector (cosine):');
table(vector.documents);

// Step 4 — fusion: reciprocal rank fusion of the two lists (ranks, not raw scores, are combined).
step('4. Fusion (reciprocal rank fusion)');
const fused = await new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }).run({
  documents: [keyword.documents, vector.documents],
});
table(fused.documents);

// Step 5 — the same as one pipeline: components connected by their sockets.
step('5. As one pipeline');
const pipeline = new Pipeline()
  .addComponent('embedder', new TransformersTextEmbedder())
  .addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 3 }))
  .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 3 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
  .connect('embedder.embedding', 'vector.queryEmbedding')
  .connect('vector', 'joiner')
  .connect('keyword', 'joiner');
const result = await pipeline.run({ text: question, query: question });
table(result.joiner.documents);
const same = result.joiner.documents.map((d) => d.id).join() === fused.documents.map((d) => d.id).join();
console.log(`  same ranking as the steps above: ${same}`);

// Step 6 — the diagram (paste into any Mermaid renderer, e.g. a GitHub Markdown ```mermaid block).
step('6. Mermaid diagram');
console.log(pipeline.draw());
