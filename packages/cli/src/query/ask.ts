import { createHash } from 'node:crypto';
import {
  type AnyComponent,
  combineTracers,
  type Document,
  type DocumentStore,
  type Filter,
  type Pipeline,
  type PipelineResult,
  RecordingTracer,
  type Tracer,
} from '@synapse-rag/core';
import { createQueryPipeline, type FeatureFlags, type HybridDocumentStore, queryInputs } from '@synapse-rag/migration';
import { type EmbedderSpec, textEmbedderFor } from '../models/model-choice.js';
import type { QueryPlan } from './query-plan.js';

/** One numbered source of an answer: what `[n]` in the answer refers to. */
export interface AskSource {
  /** The `[n]` number. */
  n: number;
  id: string;
  /** Score after fusion / reranking (the documents handed to the answerer). */
  score: number | null;
  /** File path or URL (`meta.file_path`, `meta.url`, `meta.source`). */
  path: string | null;
  title: string | null;
  meta: Record<string, unknown>;
}

/** Where a source stood in one stage of the pipeline. */
export interface StageRank {
  rank: number | null;
  score: number | null;
}

/** `--explain`: each answer document's rank and score per stage, and per-component timings. */
export interface AskExplanation {
  /** Stage names in pipeline order, e.g. `embedding_retriever`, `keyword_retriever`, `joiner`, `ranker`. */
  stages: string[];
  /** Per document handed to the answerer (best first): id, path, and its rank/score in each stage (rank 1 = best; null: not returned). */
  documents: Array<{ id: string; path: string | null; stages: Record<string, StageRank> }>;
  /** Milliseconds per component, in the order they finished. */
  timings: Array<{ component: string; ms: number }>;
}

/** What {@link ask} answers. */
export interface AskResult {
  question: string;
  answer: string;
  /** The sources the answer's `[n]` markers name. */
  sources: AskSource[];
  /** The documents handed to the answerer, best first (with `score`). */
  documents: AskSource[];
  /** `extractive` or `ollama:<model>`. */
  generator: string;
  path: QueryPlan['path'];
  prompt?: string;
  explain?: AskExplanation;
  elapsedMs: number;
}

/** What {@link buildAskPipeline} / {@link ask} need. */
export interface AskDeps {
  plan: QueryPlan;
  embedder: EmbedderSpec;
  /** The pgvector store (pgvector and routed paths). */
  targetStore?: DocumentStore;
  /** The Chroma store (chroma and routed paths). */
  legacyStore?: DocumentStore;
  /** The routed path's hybrid store (a long-lived one with metrics, as `synapse serve` keeps). @default built from both stores */
  hybridStore?: HybridDocumentStore;
  generator: AnyComponent;
  generatorName: string;
  /** Documents handed to the answerer. @default 5 */
  topK?: number;
  /** Reranker after fusion (`query`, `documents` → `documents`). @default none */
  ranker?: AnyComponent;
}

/** The flag-aware query pipeline of `synapse ask` (the migration package's `createQueryPipeline`). */
export function buildAskPipeline(deps: AskDeps): Pipeline {
  const topK = deps.topK ?? 5;
  return createQueryPipeline(deps.plan.flags as FeatureFlags, {
    ...(deps.targetStore ? { targetStore: deps.targetStore } : {}),
    ...(deps.legacyStore ? { legacyStore: deps.legacyStore } : {}),
    ...(deps.hybridStore ? { hybridStore: deps.hybridStore } : {}),
    textEmbedder: textEmbedderFor(deps.embedder),
    generator: deps.generator,
    ...(deps.ranker ? { ranker: deps.ranker } : {}),
    topK,
    retrieverTopK: Math.max(20, topK * 4),
    chromaTopK: Math.max(50, topK * 10),
  });
}

/** Stages whose `documents` output `--explain` reads, in pipeline order. */
const STAGES = ['embedding_retriever', 'keyword_retriever', 'retriever', 'joiner', 'score_filter', 'doc_limiter', 'ranker'];

const pathOf = (d: Document): string | null => {
  for (const key of ['file_path', 'url', 'source', 'path']) {
    const v = d.meta[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
};
const titleOf = (d: Document): string | null => (typeof d.meta.title === 'string' && d.meta.title !== '' ? d.meta.title : null);
const toSource = (d: Document, n: number): AskSource => ({
  n,
  id: d.id,
  score: d.score ?? null,
  path: pathOf(d),
  title: titleOf(d),
  meta: d.meta,
});

/** Options of one {@link ask} call. */
export interface AskOptions {
  filters?: Filter;
  /** Keep the rendered prompt in the result. */
  showPrompt?: boolean;
  /** Add the per-stage ranks and timings. */
  explain?: boolean;
  /** Sticky read routing on the routed path (user or session id). @default a hash of the question */
  routingKey?: string;
  /** Also told every trace event (e.g. the metrics tracer of `createMetrics`). */
  tracer?: Tracer;
  signal?: AbortSignal;
}

/**
 * Runs `pipeline` (from {@link buildAskPipeline}) for `question` and shapes the answer: the reply,
 * its numbered sources (the extractive answerer's citations, or every prompt document `[n]` for
 * an LLM), and on request the prompt and the per-stage explanation.
 */
export async function ask(pipeline: Pipeline, question: string, deps: AskDeps, options: AskOptions = {}): Promise<AskResult> {
  const started = performance.now();
  const routingKey = options.routingKey ?? createHash('sha256').update(question).digest('hex').slice(0, 16);
  const inputs = queryInputs(pipeline, question, routingKey);
  if (options.filters) {
    for (const [component, sockets] of Object.entries(pipeline.inputs())) {
      if ('filters' in sockets) inputs[component] = { ...inputs[component], filters: options.filters };
    }
  }
  const present = new Set(pipeline.componentNames());
  const stages = STAGES.filter((s) => present.has(s));
  const tracer = new RecordingTracer();
  const includeOutputsFrom: readonly string[] = [...stages, 'prompt_builder', 'generator'];
  const result: PipelineResult = await pipeline.run(inputs, {
    includeOutputsFrom,
    tracer: options.tracer ? combineTracers(tracer, options.tracer) : tracer,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const docsOf = (stage: string): Document[] => (result[stage]?.documents as Document[] | undefined) ?? [];
  const finalStage = [...stages].reverse().find((s) => result[s]?.documents !== undefined);
  const finalDocs = finalStage ? docsOf(finalStage) : [];
  const generatorOut = result.generator ?? {};
  const answer = ((generatorOut.replies as string[] | undefined) ?? [])[0] ?? '';
  const documents = finalDocs.map((d, i) => toSource(d, i + 1));
  const citations = generatorOut.citations as Array<{ index: number; documentId: string }> | undefined;
  let sources: AskSource[];
  if (citations) {
    const byId = new Map(finalDocs.map((d) => [d.id, d]));
    const seen = new Set<number>();
    sources = [];
    for (const c of citations) {
      const d = byId.get(c.documentId);
      if (seen.has(c.index) || !d) continue;
      seen.add(c.index);
      sources.push(toSource(d, c.index));
    }
  } else sources = documents;

  const out: AskResult = {
    question,
    answer,
    sources,
    documents,
    generator: deps.generatorName,
    path: deps.plan.path,
    elapsedMs: performance.now() - started,
  };
  if (options.showPrompt && typeof result.prompt_builder?.prompt === 'string') out.prompt = result.prompt_builder.prompt;
  if (options.explain) {
    out.explain = {
      stages,
      documents: finalDocs.map((d) => ({
        id: d.id,
        path: pathOf(d),
        stages: Object.fromEntries(
          stages.map((s) => {
            const list = docsOf(s);
            const i = list.findIndex((x) => x.id === d.id);
            return [s, { rank: i >= 0 ? i + 1 : null, score: i >= 0 ? (list[i]?.score ?? null) : null }];
          }),
        ),
      })),
      timings: tracer.ofType('component:end').map((e) => ({ component: e.component, ms: e.durationMs })),
    };
  }
  return out;
}
