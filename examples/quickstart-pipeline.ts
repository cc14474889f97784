/**
 * The quickstart's store, indexing and query pipeline, shared by examples/quickstart.ts, the
 * answerer benchmark (packages/bench/src/answerer.ts) and its test: PGlite + pgvector, the
 * shipped GloVe embedder, hybrid retrieval (vector + full-text, RRF-fused in one SQL query) and
 * the extractive answerer.
 */
import { readFileSync } from 'node:fs';
import {
  createDocument,
  ExtractiveAnswerGenerator,
  type ExtractiveAnswerGeneratorOptions,
  type Meta,
  Pipeline,
} from '@synapse-rag/core';
import { PgvectorDocumentStore, PgvectorHybridRetriever } from '@synapse-rag/pgvector';
import { TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';

/** Options of {@link openQuickstart}. */
export interface QuickstartOptions {
  /** Keep the PGlite database in this directory (default: in memory). */
  dataDir?: string;
  /** Documents retrieved per question. @default 4 */
  topK?: number;
  /** Options of the extractive answerer. @default { maxSentences: 2 } */
  answerer?: ExtractiveAnswerGeneratorOptions;
}

/** The quickstart corpus (examples/data/corpus.json). */
export function loadCorpus(): Array<{ content: string; meta: Meta }> {
  return JSON.parse(readFileSync(new URL('./data/corpus.json', import.meta.url), 'utf8')) as Array<{
    content: string;
    meta: Meta;
  }>;
}

/** The query pipeline: embed the question → hybrid retrieval → extractive answer. */
export function quickstartPipeline(store: PgvectorDocumentStore, options: QuickstartOptions = {}) {
  return new Pipeline({ metadata: { name: 'quickstart' } })
    .addComponent('embedder', new TransformersTextEmbedder())
    .addComponent('retriever', new PgvectorHybridRetriever({ documentStore: store, topK: options.topK ?? 4 }))
    .addComponent('answerer', new ExtractiveAnswerGenerator(options.answerer ?? { maxSentences: 2 }))
    .connect('embedder.embedding', 'retriever.queryEmbedding')
    .connect('retriever.documents', 'answerer.documents');
}

/**
 * Opens the store (PGlite in memory or in `dataDir`, 100-d vectors from the GloVe model), embeds
 * and writes the corpus (idempotent: same content → same id → skipped) and builds the pipeline.
 * Close `store` when done.
 */
export async function openQuickstart(options: QuickstartOptions = {}) {
  const store = new PgvectorDocumentStore({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    tableName: 'quickstart_documents',
    embeddingDimension: 100,
    vectorFunction: 'cosine_similarity',
  });
  const { documents } = await new TransformersDocumentEmbedder().run({
    documents: loadCorpus().map((d) => createDocument(d)),
  });
  const written = await store.writeDocuments(documents, { policy: 'skip' });
  return { store, pipeline: quickstartPipeline(store, options), indexed: documents.length, written };
}
