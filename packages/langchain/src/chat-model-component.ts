import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import {
  BaseComponent,
  type ChatMessage,
  type ComponentJSON,
  type InputSockets,
  type Meta,
  type OutputSockets,
  type RunContext,
  withSystemPrompt,
} from '@synapse-rag/core';
import {
  type ChatGeneratorInit,
  type ChatGeneratorOptions,
  ChatGeneratorOptionsSchema,
  type GenerationOptions,
} from './chat-generator-options.js';
import { toLangChainMessages } from './chat-message-mapping.js';
import { isChatModel } from './chat-model.js';
import { callChatModel } from './chat-model-call.js';
import {
  componentJSONWithName,
  type ResolvedLangChainObject,
  resolveLangChainObject,
  serializedName,
} from './langchain-object-option.js';
import type { LangChainObjectRegistry } from './langchain-object-registry.js';

/**
 * What `LangChainGenerator` and `LangChainChatGenerator` share: the options, the chat model
 * (resolved from the registry when given by name), one `generate` call, and `toJSON` writing
 * the model's registered name. Subclasses declare their sockets and `run`.
 */
export abstract class ChatModelComponent<I extends InputSockets, O extends OutputSockets> extends BaseComponent<
  ChatGeneratorOptions,
  I,
  O
> {
  /** The wrapped chat model. */
  readonly chatModel: BaseChatModel;
  private readonly resolved: ResolvedLangChainObject<BaseChatModel>;

  protected constructor(
    options: ChatGeneratorInit,
    private readonly objects: LangChainObjectRegistry,
    private readonly owner: string,
  ) {
    super(ChatGeneratorOptionsSchema, options, owner);
    this.resolved = resolveLangChainObject(this.options.chatModel, objects, isChatModel, 'LangChain chat model');
    this.chatModel = this.resolved.object;
  }

  /**
   * One model call. `system` is added by core's `withSystemPrompt` rule (first, unless `messages`
   * already hold a system message); `runOptions` are merged over the `generationOptions` option.
   */
  protected generate(
    messages: readonly ChatMessage[],
    system: string | undefined,
    runOptions: GenerationOptions | undefined,
    ctx: RunContext | undefined,
  ): Promise<{ reply: ChatMessage; meta: Meta }> {
    return callChatModel({
      owner: this.owner,
      model: this.chatModel,
      messages: toLangChainMessages(withSystemPrompt(messages, system)),
      generationOptions: { ...this.options.generationOptions, ...runOptions },
      signal: ctx?.signal,
      streamingCallback: this.options.streamingCallback,
    });
  }

  /**
   * `{ type, options }` with the chat model replaced by its registered name (throws
   * `SerializationError` without one); `streamingCallback` is not written.
   */
  override toJSON(): ComponentJSON {
    const name = serializedName(this.resolved, this.objects, this.owner);
    return componentJSONWithName(this.type, this.options, 'chatModel', name);
  }
}
