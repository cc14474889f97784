import { Pipeline, PromptBuilder } from '@synapse-rag/core';
import { type PgvectorDocumentStore, PgvectorHybridRetriever } from '@synapse-rag/pgvector';
import { SHIPPED_MODELS, TransformersSimilarityRanker } from '@synapse-rag/transformers';
import { timeInterleaved } from './bench-utils.js';
import { fixedQueryEmbedder } from './fixed-query-embedder.js';
import type { Query } from './pgvector-contenders.js';
import type { ComponentTimes, Latency } from './stats.js';
import { tracedRuns } from './traced-runs.js';

/** Candidates the hybrid retriever hands to the cross-encoder (the plan's "rerank the top 50"). */
export const RERANK_CANDIDATES = 50;

const TEMPLATE = `Answer from the passages.
{% for d in documents %}[{{ forloop.index }}] {{ d.content }}
{% endfor %}Question: {{ query }}`;

/** What one headline measurement returns. */
export interface QueryPipelineResult {
  /** embed → hybrid retrieval (RRF) → cross-encoder rerank of the top 50 → prompt build. */
  pipeline: Latency;
  /** Mean ms per component of the full pipeline (core's RecordingTracer), `other` = the engine. */
  components: ComponentTimes;
  /** embed → hybrid retrieval only: the library path the floor is compared with. */
  retrieval: Latency;
  /** The retrieval's statements replayed through bare `pg` (server only). */
  floor?: Latency;
}

/**
 * The plan's headline case minus the LLM: a fixed-cost fake query embedder, the one-statement
 * hybrid retriever (top 50, RRF), the shipped lexical cross-encoder fixture reranking them to 10,
 * and PromptBuilder. The full pipeline, the retrieval-only pipeline and (when given) the floor
 * run interleaved query by query, so machine noise hits them alike.
 */
export async function benchQueryPipeline(
  store: PgvectorDocumentStore,
  queries: readonly Query[],
  warmup: number,
  floor?: (q: Query, i: number) => Promise<unknown>,
): Promise<QueryPipelineResult> {
  const vectors = new Map(queries.map((q) => [q.text, q.embedding]));
  const hybrid = () => new PgvectorHybridRetriever({ documentStore: store, topK: RERANK_CANDIDATES, returnEmbedding: false });
  const ranker = new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyCrossEncoder, topK: 10, batchSize: 16 });
  await ranker.warmUp();
  const full = new Pipeline()
    .addComponent('text_embedder', fixedQueryEmbedder(vectors))
    .addComponent('retriever', hybrid())
    .addComponent('ranker', ranker)
    .addComponent('prompt_builder', new PromptBuilder({ template: TEMPLATE }))
    .connect('text_embedder.embedding', 'retriever.queryEmbedding')
    .connect('retriever', 'ranker')
    .connect('ranker', 'prompt_builder');
  const retrievalOnly = new Pipeline()
    .addComponent('text_embedder', fixedQueryEmbedder(vectors))
    .addComponent('retriever', hybrid())
    .connect('text_embedder.embedding', 'retriever.queryEmbedding');

  const traced = tracedRuns(full, warmup);
  const contenders = {
    pipeline: (q: Query, i: number) => traced.run({ text: q.text, query: q.text }, i),
    retrieval: (q: Query) => retrievalOnly.run({ text: q.text, query: q.text }),
  };
  const timed = await timeInterleaved(queries, warmup, floor ? { ...contenders, floor } : contenders);
  return {
    pipeline: timed.pipeline,
    components: traced.components(),
    retrieval: timed.retrieval,
    ...('floor' in timed ? { floor: timed.floor as Latency } : {}),
  };
}
