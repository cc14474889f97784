import type { Pipeline } from '@synapse-rag/core';
import { chooseEmbedder, type EmbedderSpec } from '../models/model-choice.js';
import { type AskResult, ask, buildAskPipeline } from '../query/ask.js';
import { askDepsFor } from '../query/open-ask.js';
import type { QueryPlan } from '../query/query-plan.js';
import type { QueryRequest } from './request-schemas.js';
import type { ServiceRuntime } from './service-runtime.js';

/** `POST /query`'s answer: `synapse ask --json`'s result, plus a note when nothing is indexed yet. */
export type QueryAnswer = AskResult & { note?: string };

/** Documents handed to the answerer when a request does not say. */
const DEFAULT_TOP_K = 5;
/** Pipelines kept (one per query path, embedder and topK); the cache is emptied when it is full or the flags change. */
const MAX_PIPELINES = 32;

/**
 * Answers queries with `synapse ask`'s flag-aware pipeline (`buildAskPipeline` + `ask`, so the
 * answer, sources and `explain` are the CLI's), built once per query path, embedder and topK and
 * rebuilt when the flags change (a `usePgvector` flip changes the path). Pipeline runs feed the
 * metrics tracer.
 */
export class QueryService {
  private readonly pipelines = new Map<string, { pipeline: Pipeline; deps: ReturnType<typeof askDepsFor> }>();

  constructor(private readonly runtime: ServiceRuntime) {
    runtime.flags.subscribe(() => this.pipelines.clear());
  }

  /** Runs one query; an index with nothing in it yet answers with no sources. */
  async query(request: QueryRequest, signal?: AbortSignal): Promise<QueryAnswer> {
    const plan = this.runtime.plan();
    const embedder = await this.runtime.embedder();
    if (!embedder) {
      return {
        question: request.query,
        answer: '',
        sources: [],
        documents: [],
        generator: this.runtime.generator.name,
        path: plan.path,
        elapsedMs: 0,
        note: 'nothing is indexed yet: POST /index or run `synapse index` with the same store options',
      };
    }
    const { pipeline, deps } = this.pipelineFor(plan, embedder, request.topK ?? DEFAULT_TOP_K);
    return ask(pipeline, request.query, deps, {
      ...(request.filters ? { filters: request.filters } : {}),
      ...(request.routingKey ? { routingKey: request.routingKey } : {}),
      explain: Boolean(request.explain),
      tracer: this.runtime.metrics.tracer,
      ...(signal ? { signal } : {}),
    });
  }

  /** The query pipeline as it would run now (the index's embedder, or the one a first index would choose). */
  async currentPipeline(topK = DEFAULT_TOP_K): Promise<{ plan: QueryPlan; embedder: EmbedderSpec; pipeline: Pipeline }> {
    const plan = this.runtime.plan();
    const embedder = (await this.runtime.embedder()) ?? (await chooseEmbedder(this.runtime.probe)).spec;
    return { plan, embedder, pipeline: this.pipelineFor(plan, embedder, topK).pipeline };
  }

  private pipelineFor(plan: QueryPlan, embedder: EmbedderSpec, topK: number) {
    const key = JSON.stringify([plan.path, embedder, topK]);
    let entry = this.pipelines.get(key);
    if (!entry) {
      const hybridStore = plan.path === 'routed' ? this.runtime.hybrid(embedder.dimension) : undefined;
      const deps = askDepsFor(this.runtime.stores, plan, embedder, this.runtime.generator, {
        topK,
        ...(hybridStore ? { hybridStore } : {}),
      });
      if (this.pipelines.size >= MAX_PIPELINES) this.pipelines.clear();
      entry = { pipeline: buildAskPipeline(deps), deps };
      this.pipelines.set(key, entry);
    }
    return entry;
  }
}
