import { AsyncLocalStorage } from 'node:async_hooks';
import type { Document as LangChainDocument } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { RunnableConfig } from '@langchain/core/runnables';
import { type AnyComponent, type Document, DocumentSchema, standaloneContext } from '@synapse-rag/core';
import { raceAbort } from './abort.js';
import { toLangChainDocument } from './document-mapping.js';
import { LangChainInteropError } from './errors.js';

/** Retrieves Synapse documents for a query; `signal` is the LangChain run's abort signal. */
export type RetrieveFunction = (query: string, options: { signal?: AbortSignal | undefined }) => Promise<Document[]>;

/** What SynapseRetriever needs of a Synapse `Pipeline` (structural, so any version fits). */
export interface PipelineLike {
  run(inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<Record<string, Record<string, unknown>>>;
}

export interface SynapseRetrieverFields extends BaseRetrieverInput {
  /** Does the retrieval. See also {@link SynapseRetriever.fromComponent} and {@link SynapseRetriever.fromPipeline}. */
  retrieve: RetrieveFunction;
  /** Metadata key the Synapse `score` is written to. @default "score" */
  scoreKey?: string;
}

export interface FromPipelineOptions extends Omit<SynapseRetrieverFields, 'retrieve'> {
  /** Pipeline inputs for a query, e.g. `(q) => ({ embedder: { text: q }, bm25: { query: q } })`. */
  inputFor: (query: string) => Record<string, unknown>;
  /**
   * Picks the documents from the pipeline result.
   * @default the one `documents` output in the result (an error when there are none or several)
   */
  outputOf?: (result: Record<string, Record<string, unknown>>) => Document[];
}

export interface FromComponentOptions extends Omit<SynapseRetrieverFields, 'retrieve'> {
  /** Component inputs for a query. @default `(query) => ({ query })` */
  inputFor?: (query: string) => Record<string, unknown>;
  /** Component name in trace events. @default the component's type */
  componentName?: string;
}

const runSignal = new AsyncLocalStorage<AbortSignal | undefined>();

function checkDocuments(value: unknown, source: string): Document[] {
  if (!Array.isArray(value)) throw new LangChainInteropError(`${source} did not produce a documents array.`);
  for (const [i, d] of value.entries()) {
    const parsed = DocumentSchema.safeParse(d);
    if (!parsed.success) {
      throw new LangChainInteropError(
        `${source} produced an invalid document at position ${i}: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
  }
  return value as Document[];
}

/** The single `documents` output of a pipeline result. */
export function documentsOutput(result: Record<string, Record<string, unknown>>): Document[] {
  const holders = Object.entries(result).filter(
    ([, outputs]) => outputs !== null && typeof outputs === 'object' && 'documents' in outputs,
  );
  if (holders.length !== 1) {
    throw new LangChainInteropError(
      `The pipeline result has ${holders.length} "documents" outputs${holders.length ? ` (${holders.map(([n]) => n).join(', ')})` : ''}; pass outputOf to SynapseRetriever.fromPipeline to pick one.`,
    );
  }
  return checkDocuments(
    (holders[0] as [string, Record<string, unknown>])[1]['documents'],
    `Pipeline component "${holders[0]?.[0]}"`,
  );
}

/**
 * Exposes Synapse retrieval — one retriever component, a whole pipeline, or any function —
 * as a LangChain retriever, usable wherever LangChain takes a `BaseRetriever` or a Runnable
 * (`RunnableSequence`, `createRetrievalChain`, LangGraph nodes...). Documents map back as
 * `content` → `pageContent`, `meta` → `metadata` (plus `metadata.score`), `id` → `id`.
 * The LangChain run's `signal` is passed to the Synapse run (and aborts it).
 *
 * ```ts
 * const retriever = SynapseRetriever.fromPipeline(pipeline, { inputFor: (q) => ({ embedder: { text: q } }) });
 * const docs = await retriever.invoke('What is pgvector?');
 * ```
 */
export class SynapseRetriever extends BaseRetriever {
  override lc_namespace = ['synapse_rag', 'retrievers'];
  private readonly retrieve: RetrieveFunction;
  private readonly scoreKey: string;

  static override lc_name(): string {
    return 'SynapseRetriever';
  }

  constructor(fields: SynapseRetrieverFields) {
    super(fields);
    this.retrieve = fields.retrieve;
    this.scoreKey = fields.scoreKey ?? 'score';
  }

  /** Wraps a Synapse retriever component (anything with a `documents` output). */
  static fromComponent(component: AnyComponent, options: FromComponentOptions = {}): SynapseRetriever {
    const { inputFor = (query: string) => ({ query }), componentName = component.type, ...fields } = options;
    return new SynapseRetriever({
      ...fields,
      retrieve: async (query, { signal }) => {
        const outputs: unknown = await component.run(inputFor(query), standaloneContext(componentName, signal));
        return checkDocuments((outputs as Record<string, unknown> | undefined)?.['documents'], `Component "${componentName}"`);
      },
    });
  }

  /** Wraps a whole Synapse pipeline (or anything with the same `run`). */
  static fromPipeline(pipeline: PipelineLike, options: FromPipelineOptions): SynapseRetriever {
    const { inputFor, outputOf, ...fields } = options;
    return new SynapseRetriever({
      ...fields,
      retrieve: async (query, { signal }) => {
        const result = await pipeline.run(inputFor(query), signal ? { signal } : {});
        return outputOf ? checkDocuments(outputOf(result), 'outputOf') : documentsOutput(result);
      },
    });
  }

  /** Runs the retrieval with the run's `signal` available to `_getRelevantDocuments`. */
  override invoke(input: string, options?: RunnableConfig): Promise<LangChainDocument[]> {
    return runSignal.run(options?.signal, () => super.invoke(input, options)) as Promise<LangChainDocument[]>;
  }

  override async _getRelevantDocuments(query: string): Promise<LangChainDocument[]> {
    const signal = runSignal.getStore();
    const docs = checkDocuments(await raceAbort(this.retrieve(query, { signal }), signal), 'The retrieve function');
    return docs.map((d) => toLangChainDocument(d, { scoreKey: this.scoreKey }));
  }
}
