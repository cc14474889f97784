import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  BaseComponent,
  type ComponentJSON,
  type InputSockets,
  type OutputSockets,
  PipelineAbortedError,
  type RunContext,
} from '@synapse-rag/core';
import { z } from 'zod';
import { raceAbort } from './abort.js';
import {
  componentJSONWithName,
  isEmbeddings,
  langChainObjectOption,
  type ResolvedLangChainObject,
  resolveLangChainObject,
  serializedName,
} from './langchain-object-option.js';
import type { LangChainObjectRegistry } from './langchain-object-registry.js';

/**
 * The `embeddings` option of both LangChain embedders: any LangChain `Embeddings` (e.g.
 * `OllamaEmbeddings`, `OpenAIEmbeddings`), or the name it is registered under in the
 * `LangChainObjectRegistry` (required for `toJSON()`).
 */
export const embeddingsOption = langChainObjectOption(isEmbeddings, 'LangChain Embeddings');

/** The `prefix` and `suffix` options of both LangChain embedders. */
export const affixOptionFields = {
  /** Text put before each text embedded. @default "" */
  prefix: z.string().default(''),
  /** Text put after each text embedded. @default "" */
  suffix: z.string().default(''),
};

/**
 * What the LangChain text and document embedders share: the `embeddings` option resolved to a
 * live LangChain `Embeddings` (by name through the object registry), abort-aware calls, and the
 * registered name `toJSON()` writes in place of the object.
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

  /**
   * `{ type, options }` with the embeddings replaced by their registered name (throws
   * `SerializationError` without one); function options (`progress`) are not written.
   */
  override toJSON(): ComponentJSON {
    const name = serializedName(this.resolved, this.objects, this.constructor.name);
    return componentJSONWithName(this.type, this.options, 'embeddings', name);
  }
}
