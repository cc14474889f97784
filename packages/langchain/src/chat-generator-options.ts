import { functionOption, type JsonValue, JsonValueSchema, type Meta, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { isChatModel } from './chat-model.js';
import { langChainObjectOption } from './langchain-object-option.js';

/** One streamed piece of a reply, handed to `streamingCallback` in order. */
export interface LangChainStreamingChunk {
  /** The new text (may be `""` for a chunk that only carries metadata, e.g. the final usage). */
  content: string;
  /** 0-based position of this chunk among those delivered. */
  index: number;
  /** What this chunk reports: `model`, `provider`, `finishReason`, token counts (each only when present). */
  meta: Meta;
}

/** Receives streamed chunks as they arrive; awaited, so it can apply back-pressure. */
export type LangChainStreamingCallback = (chunk: LangChainStreamingChunk) => void | Promise<void>;

/**
 * LangChain call options for one generation (`stop`, `timeout`, `maxRetries`, `tool_choice`,
 * provider-specific ones such as OpenAI's `response_format` or `seed`). JSON only, so they
 * serialize; `signal` is reserved (the pipeline run's signal is passed).
 */
export const GenerationOptionsSchema = z
  .record(z.string(), JsonValueSchema)
  .refine((o) => !('signal' in o), { message: '"signal" is set from the pipeline run; abort the run instead' });

export type GenerationOptions = Record<string, JsonValue>;

/** Options of `LangChainGenerator` and `LangChainChatGenerator`. */
export const ChatGeneratorOptionsSchema = z.strictObject({
  /**
   * Any LangChain chat model (`ChatOpenAI`, `ChatAnthropic`, `ChatMistralAI`, `ChatOllama`…),
   * or the name it is registered under in the {@link LangChainObjectRegistry} (needed for `toJSON()`).
   */
  chatModel: langChainObjectOption(isChatModel, 'LangChain chat model (BaseChatModel)'),
  /**
   * System message sent first: by `LangChainChatGenerator` when the messages contain none, by
   * `LangChainGenerator` unless its `system` input overrides it. @default none
   */
  systemPrompt: z.string().optional(),
  /** LangChain call options for every call; the `generationOptions` input is merged over them. @default {} */
  generationOptions: GenerationOptionsSchema.default({}),
  /**
   * Streams the reply: the model's `.stream()` is used and every chunk with text or metadata is
   * passed here; without it `.invoke()` is used. Not serialized. @default none
   */
  streamingCallback: functionOption<LangChainStreamingCallback>('streamingCallback'),
});

export type ChatGeneratorOptions = z.output<typeof ChatGeneratorOptionsSchema>;
export type ChatGeneratorInit = z.input<typeof ChatGeneratorOptionsSchema>;

/** The `generationOptions` input socket both generators declare. */
export const GENERATION_OPTIONS_INPUT = {
  schema: GenerationOptionsSchema,
  optional: true,
  description: 'LangChain call options merged over the `generationOptions` option for this run.',
} as const;

/** The `meta` output socket both generators declare. */
export const REPLY_META_OUTPUT = {
  schema: SocketSchemas.metaList,
  description: 'One entry per reply: `{ model, provider?, finishReason?, promptTokens?, completionTokens?, totalTokens? }`.',
} as const;
