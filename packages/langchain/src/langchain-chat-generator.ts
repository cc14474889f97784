import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { ChatMessageSchema, defaultRegistry, inputSockets, outputSockets } from '@synapse-rag/core';
import { z } from 'zod';
import {
  type ChatGeneratorInit,
  ChatGeneratorOptionsSchema,
  GENERATION_OPTIONS_INPUT,
  REPLY_META_OUTPUT,
} from './chat-generator-options.js';
import { ChatModelComponent } from './chat-model-component.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

/** Options of {@link LangChainChatGenerator} (shared with `LangChainGenerator`). */
export const LangChainChatGeneratorOptionsSchema = ChatGeneratorOptionsSchema;
export type LangChainChatGeneratorInit = ChatGeneratorInit;

const CHAT_INPUTS = inputSockets({
  messages: { schema: z.array(ChatMessageSchema).min(1), description: 'The conversation so far.' },
  generationOptions: GENERATION_OPTIONS_INPUT,
});
const CHAT_OUTPUTS = outputSockets({
  replies: {
    schema: z.array(ChatMessageSchema),
    description: 'The assistant message; its `meta` holds the reply meta (and `toolCalls` when the model asked for tools).',
  },
  meta: REPLY_META_OUTPUT,
});

/**
 * Chats with any LangChain chat model (`BaseChatModel`: OpenAI, Anthropic, Mistral, Ollama…):
 * `messages` → `replies` (assistant `ChatMessage`s) and `meta`, like `OllamaChatGenerator`, so
 * the two are interchangeable. `systemPrompt` is put first when the messages contain no system
 * message. Streams to `streamingCallback` when one is set. Type name `langchain.LangChainChatGenerator`.
 */
export class LangChainChatGenerator extends ChatModelComponent<typeof CHAT_INPUTS, typeof CHAT_OUTPUTS> {
  static readonly type = 'langchain.LangChainChatGenerator';
  readonly inputSockets = CHAT_INPUTS;
  readonly outputSockets = CHAT_OUTPUTS;

  constructor(options: LangChainChatGeneratorInit, objects: LangChainObjectRegistry = defaultLangChainObjects) {
    super(options, objects, 'LangChainChatGenerator');
  }

  async run(inputs: RunInputs<typeof CHAT_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof CHAT_OUTPUTS>> {
    const { reply, meta } = await this.generate(inputs.messages, this.options.systemPrompt, inputs.generationOptions, ctx);
    return { replies: [reply], meta: [meta] };
  }
}

defaultRegistry.register(LangChainChatGenerator);
