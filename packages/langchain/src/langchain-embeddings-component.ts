import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BaseComponent, type InputSockets, type OutputSockets, PipelineAbortedError, type RunContext } from '@synapse-rag/core';
import type { z } from 'zod';
import { raceAbort } from './abort.js';
import { isEmbeddings, type ResolvedLangChainObject, resolveLangChainObject, serializedName } from './langchain-object-option.js';
import type { LangChainObjectRegistry } from './langchain-object-registry.js';

/**
 * What the LangChain text and document embedders share: the `embeddings` option resolved to a
 * live LangChain `Embeddings` (by name through the object registry), abort-aware calls, and the
 * registered name `toJSON()` writes.
 */
export abstract class LangChainEmbeddingsComponent<
  Opts extends { embeddings: EmbeddingsInterface | string },
  I extends InputSockets,
  O extends OutputSockets,
> extends BaseComponent<Opts, I, O> {
  /** The wrapped LangChain embeddings. */
  readonly embeddings: EmbeddingsInterface;
  private readonly resolved: ResolvedLangChainObject<EmbeddingsInterface>;

  protected constructor(
    schema: z.ZodType<Opts, unknown>,
    options: unknown,
    private readonly objects: LangChainObjectRegistry,
  ) {
    super(schema, options);
    this.resolved = resolveLangChainObject<EmbeddingsInterface>(
      this.options.embeddings,
      objects,
      isEmbeddings,
      'LangChain Embeddings',
    );
    this.embeddings = this.resolved.object;
  }

  /** Runs one embeddings call, rejecting with `PipelineAbortedError` as soon as `ctx.signal` aborts. */
  protected call<T>(embed: (embeddings: EmbeddingsInterface) => Promise<T>, ctx: RunContext | undefined): Promise<T> {
    if (ctx?.signal.aborted) throw new PipelineAbortedError(ctx.signal.reason);
    return raceAbort(embed(this.embeddings), ctx?.signal);
  }

  /** The registered name of the embeddings (throws `SerializationError` without one). */
  protected serializedEmbeddings(): string {
    return serializedName(this.resolved, this.objects, this.constructor.name);
  }
}
