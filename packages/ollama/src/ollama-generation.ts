import type { InputSockets, Meta, OutputSockets } from '@synapse-rag/core';
import { functionOption, inputSockets } from '@synapse-rag/core';
import { z } from 'zod';
import { type AttemptClientFields, attemptClientFields } from './client-fields.js';
import { ConnectionOptionsShape, type ModelOptions, ModelOptionsSchema } from './connection-options.js';
import { generationMeta } from './generation-meta.js';
import { CallerError, callOllama } from './ollama-call.js';
import { OllamaComponent } from './ollama-component.js';
import { runModelOptions } from './run-model-options.js';

/** One piece of streamed text, handed to `streamingCallback` in order. */
export interface StreamingChunk {
  /** The new text. */
  content: string;
  /** 0-based position of this chunk in the reply. */
  index: number;
}

/** Receives streamed text as it arrives; awaited, so it can apply back-pressure. */
export type StreamingCallback = (chunk: StreamingChunk) => void | Promise<void>;

/** Options of `OllamaGenerator` and `OllamaChatGenerator`. */
export const OllamaGenerationOptionsSchema = z
  .object({
    ...ConnectionOptionsShape,
    /** Ollama generative or chat model (must be pulled on the server). @default "llama3.2" */
    model: z.string().min(1).default('llama3.2'),
    /**
     * System prompt: `OllamaGenerator` sends it with every request (its `system` input
     * overrides it); `OllamaChatGenerator` puts it first when the messages contain no system
     * message. @default none (the model's own)
     */
    systemPrompt: z.string().optional(),
    /** Model parameters (`temperature`, `numCtx`, `numPredict`, `seed`, `stop`...); the `modelOptions` input is merged over them. @default none */
    modelOptions: ModelOptionsSchema.optional(),
    /**
     * Receives the reply's text as it streams in. Once a chunk has been delivered, a failure
     * is no longer retried (the callback would see text twice). Not serialized. @default none
     */
    streamingCallback: functionOption<StreamingCallback>('streamingCallback'),
  })
  .strict();

export type OllamaGenerationOptions = z.output<typeof OllamaGenerationOptionsSchema>;
export type OllamaGenerationInit = z.input<typeof OllamaGenerationOptionsSchema>;

/** The `modelOptions` input socket both generators declare (spread into their inputs). */
export const MODEL_OPTIONS_INPUTS = inputSockets({
  modelOptions: {
    schema: ModelOptionsSchema,
    optional: true,
    description: 'Merged over the `modelOptions` option for this run.',
  },
});

/** One attempt's streamed reply: the text pieces in order, then the final `done` line's counters. */
export interface ReplyStream {
  pieces: AsyncIterable<string>;
  /** The counters of Ollama's final `done: true` line; read once `pieces` has ended. */
  info: () => Record<string, unknown>;
}

/**
 * What `OllamaGenerator` and `OllamaChatGenerator` share: their options and one streamed,
 * retried model call that feeds `streamingCallback`. Subclasses declare their sockets and
 * `run`, and say how an attempt opens its stream.
 */
export abstract class OllamaGenerationComponent<I extends InputSockets, O extends OutputSockets> extends OllamaComponent<
  OllamaGenerationOptions,
  I,
  O
> {
  protected constructor(
    options: OllamaGenerationInit,
    private readonly owner: string,
  ) {
    super(OllamaGenerationOptionsSchema, options, owner);
  }

  /**
   * Streams one reply with retries. `open` starts one attempt's stream from the client fields
   * and the model options (the option with the run's `modelOptions` input merged over it).
   * Once a chunk has reached `streamingCallback`, failures are no longer retried; an error
   * thrown by the callback is rethrown as is. The reply meta counts the `attempts`.
   */
  protected async streamReply(
    operation: 'generation' | 'chat',
    runOptions: ModelOptions | undefined,
    signal: AbortSignal | undefined,
    open: (client: AttemptClientFields, modelOptions: ModelOptions) => Promise<ReplyStream>,
  ): Promise<{ text: string; meta: Meta }> {
    const o = this.options;
    const modelOptions = { ...o.modelOptions, ...runModelOptions(runOptions, this.owner) };
    const callback = o.streamingCallback;
    let delivered = 0;
    let attempts = 0;
    const settings = this.connection();
    const { text, info } = await callOllama(
      operation,
      settings,
      async (fetchImpl, attempt) => {
        attempts = attempt;
        const reply = await open(attemptClientFields(settings, fetchImpl, o.keepAlive), modelOptions);
        const parts: string[] = [];
        for await (const piece of reply.pieces) {
          parts.push(piece);
          if (callback && piece !== '') {
            const chunk = { content: piece, index: delivered++ };
            try {
              await callback(chunk);
            } catch (error) {
              throw new CallerError(error);
            }
          }
        }
        return { text: parts.join(''), info: reply.info() };
      },
      { signal, canRetry: () => delivered === 0 },
    );
    return { text, meta: { ...generationMeta(info, o.model), attempts } };
  }
}
