import type { BaseChatModel, BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { type ChatMessage, type Meta, PipelineAbortedError } from '@synapse-rag/core';
import { raceAbort } from './abort.js';
import { chatGenerationMeta } from './chat-generation-meta.js';
import type { GenerationOptions, LangChainStreamingCallback } from './chat-generator-options.js';
import { fromLangChainMessage } from './chat-message-mapping.js';
import { describeChatModel } from './chat-model.js';
import { LangChainGenerationError } from './errors.js';

/** One chat-model call made by a generator component. */
export interface ChatModelCall {
  /** Component class name, for errors. */
  owner: string;
  model: BaseChatModel;
  messages: BaseMessage[];
  generationOptions: GenerationOptions;
  signal?: AbortSignal | undefined;
  streamingCallback?: LangChainStreamingCallback | undefined;
}

/** Marks an error thrown by the user's callback, so it is rethrown as is rather than blamed on the model. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

async function streamReply(
  call: ChatModelCall,
  callback: LangChainStreamingCallback,
  callOptions: Partial<BaseChatModelCallOptions>,
): Promise<AIMessageChunk | undefined> {
  let aggregate: AIMessageChunk | undefined;
  let index = 0;
  for await (const chunk of await call.model.stream(call.messages, callOptions)) {
    aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
    const content = chunk.text;
    const meta = chatGenerationMeta(chunk);
    if (content === '' && Object.keys(meta).length === 0) continue;
    try {
      await callback({ content, index: index++, meta });
    } catch (error) {
      throw new CallbackFailure(error);
    }
  }
  return aggregate;
}

async function generate(call: ChatModelCall): Promise<AIMessageChunk | undefined> {
  const callOptions = {
    ...call.generationOptions,
    ...(call.signal ? { signal: call.signal } : {}),
  } as Partial<BaseChatModelCallOptions>;
  try {
    const callback = call.streamingCallback;
    return callback ? await streamReply(call, callback, callOptions) : await call.model.invoke(call.messages, callOptions);
  } catch (error) {
    if (error instanceof CallbackFailure) throw error.error;
    if (call.signal?.aborted) throw new PipelineAbortedError(call.signal.reason);
    throw new LangChainGenerationError(call.owner, describeChatModel(call.model).label, error);
  }
}

/**
 * Calls the chat model once — `.stream()` with a streaming callback, else `.invoke()` — with
 * the run's `signal` as LangChain's call option, and returns the assistant reply as a Synapse
 * `ChatMessage` whose `meta` is also returned on its own. Rejects with `PipelineAbortedError`
 * (cause: the abort reason) as soon as the signal fires, with `LangChainGenerationError` when
 * the model fails, and with the callback's own error when the callback throws.
 */
export async function callChatModel(call: ChatModelCall): Promise<{ reply: ChatMessage; meta: Meta }> {
  if (call.signal?.aborted) throw new PipelineAbortedError(call.signal.reason);
  const message = await raceAbort(generate(call), call.signal);
  const { id } = describeChatModel(call.model);
  if (message === undefined) {
    // A stream that ended without a single chunk: an empty reply, not an error.
    const meta: Meta = { model: id };
    return { reply: { role: 'assistant', content: '', meta }, meta };
  }
  const meta = chatGenerationMeta(message, id);
  const mapped = fromLangChainMessage(message);
  const reply: ChatMessage = { ...mapped, role: 'assistant', meta: { ...mapped.meta, ...meta } };
  return { reply, meta };
}
