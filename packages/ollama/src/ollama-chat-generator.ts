import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOllama, type ChatOllamaInput } from '@langchain/ollama';
import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { type ChatMessage, ChatMessageSchema } from './chat-message.js';
import { ConnectionOptionsShape, functionOption, ModelOptionsSchema } from './connection-options.js';
import { generationMeta } from './generation-meta.js';
import { CallerError, callOllama } from './ollama-call.js';
import { OllamaComponent } from './ollama-component.js';
import { definedOnly } from './ollama-embed.js';
import type { StreamingCallback } from './ollama-generator.js';
import { runModelOptions } from './run-model-options.js';

export const OllamaChatGeneratorOptionsSchema = z
  .object({
    ...ConnectionOptionsShape,
    /** Ollama chat model (must be pulled on the server). @default "llama3.2" */
    model: z.string().min(1).default('llama3.2'),
    /** System message put first when the messages contain none. @default none */
    systemPrompt: z.string().optional(),
    /** Model parameters (`temperature`, `numCtx`, `numPredict`, `seed`, `stop`...); the `modelOptions` input is merged over them. @default none */
    modelOptions: ModelOptionsSchema.optional(),
    /** Receives the reply's text as it streams in; after the first chunk failures are not retried. Not serialized. @default none */
    streamingCallback: functionOption<StreamingCallback>('streamingCallback'),
  })
  .strict();

export type OllamaChatGeneratorOptions = z.output<typeof OllamaChatGeneratorOptionsSchema>;
export type OllamaChatGeneratorInit = z.input<typeof OllamaChatGeneratorOptionsSchema>;

const INPUTS = inputSockets({
  messages: { schema: z.array(ChatMessageSchema).min(1) },
  modelOptions: {
    schema: ModelOptionsSchema,
    optional: true,
    description: 'Merged over the `modelOptions` option for this run.',
  },
});
const OUTPUTS = outputSockets({
  replies: { schema: z.array(ChatMessageSchema), description: 'The assistant message(s).' },
  meta: { schema: SocketSchemas.metaList, description: 'One entry per reply, as for `OllamaGenerator`.' },
});

function toLangChain(messages: readonly ChatMessage[]): BaseMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'system':
        return new SystemMessage(m.content);
      case 'assistant':
        return new AIMessage(m.content);
      default:
        return new HumanMessage(m.content);
    }
  });
}

/**
 * Chats with an Ollama model through `@langchain/ollama`'s `ChatOllama` (`POST /api/chat`,
 * streamed), retrying transient failures. Type name `ollama.OllamaChatGenerator`.
 */
export class OllamaChatGenerator extends OllamaComponent<OllamaChatGeneratorOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaChatGenerator';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaChatGeneratorInit = {}) {
    super(OllamaChatGeneratorOptionsSchema, options, 'OllamaChatGenerator');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const messages =
      o.systemPrompt !== undefined && !inputs.messages.some((m) => m.role === 'system')
        ? [{ role: 'system' as const, content: o.systemPrompt }, ...inputs.messages]
        : inputs.messages;
    const fields = definedOnly({
      ...o.modelOptions,
      ...runModelOptions(inputs.modelOptions, 'OllamaChatGenerator'),
    }) as Partial<ChatOllamaInput>;
    const callback = o.streamingCallback;
    let delivered = 0;
    let attempts = 0;
    const { text, info } = await callOllama(
      'chat',
      this.connection(),
      async (fetchImpl, attempt) => {
        attempts = attempt;
        const chat = new ChatOllama({
          ...fields,
          model: o.model,
          baseUrl: this.url,
          fetch: fetchImpl,
          maxRetries: 0,
          ...definedOnly({ keepAlive: o.keepAlive }),
        });
        const parts: string[] = [];
        let info: Record<string, unknown> = {};
        for await (const chunk of await chat.stream(toLangChain(messages))) {
          const piece = typeof chunk.content === 'string' ? chunk.content : '';
          parts.push(piece);
          // The final chunk carries the `done: true` line's counters (ChatOllama copies them into response_metadata).
          if (chunk.response_metadata?.['done'] === true) info = chunk.response_metadata;
          if (callback && piece !== '') {
            const chunk = { content: piece, index: delivered++ };
            try {
              await callback(chunk);
            } catch (error) {
              throw new CallerError(error);
            }
          }
        }
        return { text: parts.join(''), info };
      },
      { signal: ctx?.signal, canRetry: () => delivered === 0 },
    );
    return { replies: [{ role: 'assistant', content: text }], meta: [{ ...generationMeta(info, o.model), attempts }] };
  }
}

defaultRegistry.register(OllamaChatGenerator);
