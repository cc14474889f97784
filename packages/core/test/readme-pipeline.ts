/**
 * The README's pipeline ("A pipeline in a few lines" = examples/in-memory-hybrid.ts), for tests
 * that check its types, its REPL summary and its results.
 */
import { DocumentJoiner } from '../src/components/document-joiner.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { InMemoryBM25Retriever } from '../src/retrievers/in-memory-bm25-retriever.js';
import { InMemoryEmbeddingRetriever } from '../src/retrievers/in-memory-embedding-retriever.js';
import type { InMemoryDocumentStore } from '../src/store/in-memory-document-store.js';

export function readmePipeline(store: InMemoryDocumentStore) {
  return new Pipeline()
    .addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 5 }))
    .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 5 }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
    .connect('vector', 'joiner')
    .connect('keyword', 'joiner');
}
