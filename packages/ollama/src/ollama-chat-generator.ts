import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOllama, type ChatOllamaInput } from '@langchain/ollama';
import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas, withSystemPrompt } from '@synapse-rag/core';
import { z } from 'zod';
import { type ChatMessage, ChatMessageSchema } from './chat-message.js';
import { definedOnly } from './client-fields.js';
import { MODEL_OPTIONS_INPUTS, OllamaGenerationComponent, OllamaGenerationOptionsSchema } from './ollama-generation.js';

/** Options of {@link OllamaChatGenerator} (shared with `OllamaGenerator`). */
export const OllamaChatGeneratorOptionsSchema = OllamaGenerationOptionsSchema;
export type OllamaChatGeneratorOptions = z.output<typeof OllamaChatGeneratorOptionsSchema>;
export type OllamaChatGeneratorInit = z.input<typeof OllamaChatGeneratorOptionsSchema>;

const INPUTS = inputSockets({
  messages: { schema: z.array(ChatMessageSchema).min(1) },
  ...MODEL_OPTIONS_INPUTS,
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
export class OllamaChatGenerator extends OllamaGenerationComponent<typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaChatGenerator';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaChatGeneratorInit = {}) {
    super(options, 'OllamaChatGenerator');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const { systemPrompt } = this.options;
    const messages = withSystemPrompt(inputs.messages, systemPrompt);
    const { text, meta } = await this.streamReply('chat', inputs.modelOptions, ctx?.signal, async (client, options) => {
      const chat = new ChatOllama({ ...(definedOnly(options) as Partial<ChatOllamaInput>), ...client });
      const stream = await chat.stream(toLangChain(messages));
      let info: Record<string, unknown> = {};
      async function* pieces() {
        for await (const chunk of stream) {
          // The final chunk carries the `done: true` line's counters (ChatOllama copies them into response_metadata).
          if (chunk.response_metadata?.['done'] === true) info = chunk.response_metadata;
          yield typeof chunk.content === 'string' ? chunk.content : '';
        }
      }
      return { pieces: pieces(), info: () => info };
    });
    return { replies: [{ role: 'assistant', content: text }], meta: [meta] };
  }
}

defaultRegistry.register(OllamaChatGenerator);
