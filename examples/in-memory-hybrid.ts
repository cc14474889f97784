/** The README's pipeline snippet: in-memory store, BM25 + vector retrieval fused with RRF. */
import {
  createDocument,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  outputOf,
  Pipeline,
  SocketSchemas,
} from '@synapse-rag/core';

const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
await store.writeDocuments([
  createDocument({ content: 'Paris is the capital of France.', meta: { topic: 'geo' }, embedding: [0.9, 0.1] }),
  createDocument({ content: 'Plants turn light into sugar.', meta: { topic: 'bio' }, embedding: [0.1, 0.9] }),
]);

const pipeline = new Pipeline()
  .addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 5 }))
  .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 5 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
  .connect('vector', 'joiner')
  .connect('keyword', 'joiner');

const result = await pipeline.run({ queryEmbedding: [1, 0], query: 'capital of France' });
const documents = result.joiner.documents; // Document[]: typed from the chained calls (a typo won't compile)
console.log(documents[0]?.content); // Paris is the capital of France.
console.log(pipeline); // a summary: components, connections, open inputs and outputs
console.log(pipeline.draw()); // Mermaid
const yaml = pipeline.dumps({ includeDocuments: true }); // YAML, with the in-memory documents
const restored = Pipeline.loads(yaml); // runs and returns the same documents
const again = await restored.run({ queryEmbedding: [1, 0], query: 'capital of France' }); // untyped: loaded from YAML
console.log(outputOf(again, 'joiner', 'documents', SocketSchemas.documents)[0]?.content); // Paris is the capital of France.
