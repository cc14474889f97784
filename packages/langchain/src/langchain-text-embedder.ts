import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  BaseComponent,
  type ComponentJSON,
  defaultRegistry,
  inputSockets,
  type Meta,
  outputSockets,
  PipelineAbortedError,
  type RunContext,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { raceAbort } from './abort.js';
import { checkEmbedding } from './check-embedding.js';
import {
  isEmbeddings,
  langChainObjectOption,
  type ResolvedLangChainObject,
  resolveLangChainObject,
  serialisedName,
} from './langchain-object-option.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

export const LangChainTextEmbedderOptionsSchema = z
  .object({
    /**
     * Any LangChain `Embeddings` (e.g. `OllamaEmbeddings`, `OpenAIEmbeddings`), or the name it
     * is registered under in the {@link LangChainObjectRegistry} (required for `toJSON()`).
     */
    embeddings: langChainObjectOption(isEmbeddings, 'LangChain Embeddings'),
    /** Text put before the input. @default "" */
    prefix: z.string().default(''),
    /** Text put after the input. @default "" */
    suffix: z.string().default(''),
  })
  .strict();

export type LangChainTextEmbedderOptions = z.output<typeof LangChainTextEmbedderOptionsSchema>;
export type LangChainTextEmbedderInit = z.input<typeof LangChainTextEmbedderOptionsSchema>;

const inputs = inputSockets({ text: { schema: SocketSchemas.text } });
const outputs = outputSockets({
  embedding: { schema: SocketSchemas.embedding },
  meta: { schema: SocketSchemas.meta, description: '`{ embeddings: class name, dimension }`' },
});

/**
 * Wraps any LangChain `Embeddings` as a Synapse text embedder (`embedQuery`).
 * Type name `langchain.LangChainTextEmbedder`.
 */
export class LangChainTextEmbedder extends BaseComponent<LangChainTextEmbedderOptions> {
  readonly type = 'langchain.LangChainTextEmbedder';
  readonly inputSockets = inputs;
  readonly outputSockets = outputs;
  readonly embeddings: EmbeddingsInterface;
  private readonly resolved: ResolvedLangChainObject<EmbeddingsInterface>;

  constructor(
    options: LangChainTextEmbedderInit,
    private readonly objects: LangChainObjectRegistry = defaultLangChainObjects,
  ) {
    super(LangChainTextEmbedderOptionsSchema, options, 'LangChainTextEmbedder');
    this.resolved = resolveLangChainObject(this.options.embeddings, objects, isEmbeddings, 'LangChain Embeddings');
    this.embeddings = this.resolved.object;
  }

  async run(inputs: { text: string }, ctx?: RunContext): Promise<{ embedding: number[]; meta: Meta }> {
    if (ctx?.signal.aborted) throw new PipelineAbortedError(ctx.signal.reason);
    const raw = await raceAbort(this.embeddings.embedQuery(this.options.prefix + inputs.text + this.options.suffix), ctx?.signal);
    const embedding = checkEmbedding(raw, 'an embedding');
    return { embedding, meta: { embeddings: this.embeddings.constructor.name, dimension: embedding.length } };
  }

  /** `{ type, options }` with the embeddings replaced by their registered name (throws `SerializationError` without one). */
  override toJSON(): ComponentJSON {
    return {
      type: this.type,
      options: {
        embeddings: serialisedName(this.resolved, this.objects, 'LangChainTextEmbedder'),
        prefix: this.options.prefix,
        suffix: this.options.suffix,
      },
    };
  }
}

defaultRegistry.registerComponent(
  'langchain.LangChainTextEmbedder',
  (options) => new LangChainTextEmbedder(options as LangChainTextEmbedderInit),
);
