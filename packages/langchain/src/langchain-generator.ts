import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import {
  type ChatGeneratorInit,
  ChatGeneratorOptionsSchema,
  GENERATION_OPTIONS_INPUT,
  REPLY_META_OUTPUT,
} from './chat-generator-options.js';
import { ChatModelComponent } from './chat-model-component.js';
import { defaultLangChainObjects, type LangChainObjectRegistry } from './langchain-object-registry.js';

/** Options of {@link LangChainGenerator} (shared with `LangChainChatGenerator`). */
export const LangChainGeneratorOptionsSchema = ChatGeneratorOptionsSchema;
export type LangChainGeneratorInit = ChatGeneratorInit;

const PROMPT_INPUTS = inputSockets({
  prompt: { schema: SocketSchemas.text, description: 'Sent as one user message.' },
  system: { schema: z.string(), optional: true, description: 'Overrides the `systemPrompt` option for this run.' },
  generationOptions: GENERATION_OPTIONS_INPUT,
});
const PROMPT_OUTPUTS = outputSockets({
  replies: { schema: SocketSchemas.texts, description: 'The reply text.' },
  meta: REPLY_META_OUTPUT,
});

/**
 * Generates a completion for a prompt with any LangChain chat model (`BaseChatModel`): the
 * prompt goes as one user message (after the system prompt, if any) and the reply's text comes
 * back in `replies` with its `meta` — the sockets of `OllamaGenerator`, so it plugs in after
 * `PromptBuilder` in the same place. Streams to `streamingCallback` when one is set. Type name
 * `langchain.LangChainGenerator`.
 */
export class LangChainGenerator extends ChatModelComponent<typeof PROMPT_INPUTS, typeof PROMPT_OUTPUTS> {
  static readonly type = 'langchain.LangChainGenerator';
  readonly inputSockets = PROMPT_INPUTS;
  readonly outputSockets = PROMPT_OUTPUTS;

  constructor(options: LangChainGeneratorInit, objects: LangChainObjectRegistry = defaultLangChainObjects) {
    super(options, objects, 'LangChainGenerator');
  }

  async run(inputs: RunInputs<typeof PROMPT_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof PROMPT_OUTPUTS>> {
    const user = { role: 'user' as const, content: inputs.prompt };
    const system = inputs.system ?? this.options.systemPrompt;
    const { reply, meta } = await this.generate([user], system, inputs.generationOptions, ctx);
    return { replies: [reply.content], meta: [meta] };
  }
}

defaultRegistry.register(LangChainGenerator);
