import type { BaseRetrieverInterface } from '@langchain/core/retrievers';
import {
  BaseComponent,
  type ComponentJSON,
  defaultRegistry,
  inputSockets,
  PipelineAbortedError,
  RetrieverSockets,
  type RunContext,
  type RunInputs,
  type RunOutputs,
  retrieverOutputs,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { raceAbort } from './abort.js';
import { fromLangChainDocument } from './document-mapping.js';
import { LangChainInteropError } from './errors.js';
import {
  componentJSONWithName,
  isRetriever,
  langChainObjectOption,
  type ResolvedLangChainObject,
  resolveLangChainObject,
  serializedName,
} from './langchain-object-option.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

export const LangChainRetrieverComponentOptionsSchema = z
  .object({
    /** Any LangChain retriever (`BaseRetriever`, `vectorStore.asRetriever()`...), or the name it is registered under (required for `toJSON()`). */
    retriever: langChainObjectOption(isRetriever, 'LangChain retriever'),
    /** Keep at most this many documents (the LangChain retriever's own `k` applies first). @default all the retriever returns */
    topK: SocketSchemas.topK.optional(),
    /** Metadata key read for the id when a LangChain document has no `id`. @default "id" */
    idKey: z.string().min(1).default('id'),
    /** Metadata key holding a score; a finite number there becomes the document's `score`. @default "score" */
    scoreKey: z.string().min(1).default('score'),
  })
  .strict();

export type LangChainRetrieverComponentOptions = z.output<typeof LangChainRetrieverComponentOptionsSchema>;
export type LangChainRetrieverComponentInit = z.input<typeof LangChainRetrieverComponentOptionsSchema>;

const INPUTS = inputSockets({ query: { schema: SocketSchemas.text }, topK: RetrieverSockets.topK });
const OUTPUTS = retrieverOutputs('Mapped LangChain documents, in the order the retriever returned them.');

/**
 * Wraps any LangChain retriever as a Synapse retriever component: `query` → `documents`.
 * LangChain documents map to Synapse ones as `pageContent` → `content`, `metadata` → `meta`
 * (made JSON-safe), `id` → `id` (else `metadata.id`, else the content hash), and a numeric
 * `metadata.score` → `score`. Note that LangChain stores differ in what their scores mean
 * (similarity or distance); Synapse's convention is higher-is-better.
 * Type name `langchain.LangChainRetrieverComponent`.
 */
export class LangChainRetrieverComponent extends BaseComponent<
  LangChainRetrieverComponentOptions,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'langchain.LangChainRetrieverComponent';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  readonly retriever: BaseRetrieverInterface;
  private readonly resolved: ResolvedLangChainObject<BaseRetrieverInterface>;

  constructor(
    options: LangChainRetrieverComponentInit,
    private readonly objects: LangChainObjectRegistry = defaultLangChainObjects,
  ) {
    super(LangChainRetrieverComponentOptionsSchema, options, 'LangChainRetrieverComponent');
    this.resolved = resolveLangChainObject(this.options.retriever, objects, isRetriever, 'LangChain retriever');
    this.retriever = this.resolved.object;
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    if (ctx?.signal.aborted) throw new PipelineAbortedError(ctx.signal.reason);
    const found: unknown = await raceAbort(
      this.retriever.invoke(inputs.query, { signal: ctx?.signal, runName: ctx?.componentName }),
      ctx?.signal,
    );
    if (!Array.isArray(found)) throw new LangChainInteropError('The LangChain retriever did not return an array of documents.');
    const mapping = { idKey: this.options.idKey, scoreKey: this.options.scoreKey };
    const documents = found.map((d: unknown, i) => {
      if (typeof d !== 'object' || d === null || typeof (d as { pageContent?: unknown }).pageContent !== 'string') {
        throw new LangChainInteropError(`The LangChain retriever returned a non-document at position ${i}.`);
      }
      return fromLangChainDocument(d as { pageContent: string }, mapping);
    });
    const topK = inputs.topK ?? this.options.topK;
    return { documents: topK === undefined ? documents : documents.slice(0, topK) };
  }

  /** `{ type, options }` with the retriever replaced by its registered name (throws `SerializationError` without one). */
  override toJSON(): ComponentJSON {
    const name = serializedName(this.resolved, this.objects, 'LangChainRetrieverComponent');
    return componentJSONWithName(this.type, this.options, 'retriever', name);
  }
}

defaultRegistry.register(LangChainRetrieverComponent);
