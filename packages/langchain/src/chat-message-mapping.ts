import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  ChatMessage as LangChainGenericMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type { ChatMessage, ChatRole, JsonValue, Meta } from '@synapse-rag/core';
import { z } from 'zod';
import { toJsonMeta } from './document-mapping.js';
import { LangChainInteropError } from './errors.js';

/** One tool call an assistant asked for, as kept in `ChatMessage.meta.toolCalls`. */
const ToolCallMetaSchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()),
});
const ToolCallsMetaSchema = z.array(ToolCallMetaSchema);

/** LangChain message types, and role names of generic LangChain `ChatMessage`s → Synapse roles. */
const ROLES: Record<string, ChatRole> = {
  system: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  tool: 'tool',
};

function nameField(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

function toolCallsOf(message: ChatMessage, index: number) {
  const raw = message.meta?.['toolCalls'];
  if (raw === undefined) return undefined;
  const parsed = ToolCallsMetaSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LangChainInteropError(
      `Message ${index} (assistant): meta.toolCalls must be an array of { id?: string, name: string, args: object }.`,
      { index },
    );
  }
  return parsed.data.map((c) => ({
    type: 'tool_call' as const,
    name: c.name,
    args: c.args,
    ...(c.id === undefined ? {} : { id: c.id }),
  }));
}

/**
 * One Synapse `ChatMessage` → a LangChain message: `system` → `SystemMessage`, `user` →
 * `HumanMessage`, `assistant` → `AIMessage` (with `meta.toolCalls` as `tool_calls`), `tool` →
 * `ToolMessage`, whose required `tool_call_id` is read from `meta.toolCallId` (a missing one is
 * a `LangChainInteropError`: providers reject tool results that answer no call). `name` is
 * copied; other `meta` keys stay on the Synapse side (providers would not understand them).
 * `index` only labels errors.
 */
export function toLangChainMessage(message: ChatMessage, index = 0): BaseMessage {
  const { content } = message;
  const name = nameField(message.name);
  switch (message.role) {
    case 'system':
      return new SystemMessage({ content, ...name });
    case 'user':
      return new HumanMessage({ content, ...name });
    case 'assistant': {
      const toolCalls = toolCallsOf(message, index);
      return new AIMessage({ content, ...name, ...(toolCalls === undefined ? {} : { tool_calls: toolCalls }) });
    }
    case 'tool': {
      const id = message.meta?.['toolCallId'];
      if (typeof id !== 'string' || id === '') {
        throw new LangChainInteropError(
          `Message ${index} (tool): LangChain tool messages need the id of the tool call they answer; put it in meta.toolCallId.`,
          { index },
        );
      }
      return new ToolMessage({ content, tool_call_id: id, ...name });
    }
  }
}

/** Synapse `ChatMessage`s → LangChain messages, in order (see {@link toLangChainMessage}). */
export function toLangChainMessages(messages: readonly ChatMessage[]): BaseMessage[] {
  return messages.map((m, i) => toLangChainMessage(m, i));
}

function roleOf(message: BaseMessage): ChatRole {
  const type = message.type;
  const role = ROLES[type === 'generic' && LangChainGenericMessage.isInstance(message) ? message.role : type];
  if (role !== undefined) return role;
  throw new LangChainInteropError(`A LangChain ${type} message has no Synapse chat role (system, user, assistant, tool).`, {
    type,
  });
}

/**
 * A LangChain message → a Synapse `ChatMessage`, the inverse of {@link toLangChainMessage}:
 * the content is the message's text (text blocks joined; images and other non-text blocks are
 * dropped), an assistant's `tool_calls` go to `meta.toolCalls` (`{ id?, name, args }`, JSON-safe)
 * and a tool message's `tool_call_id` to `meta.toolCallId`. Generic `ChatMessage`s with role
 * `human`/`user`, `ai`/`assistant`, `system` or `tool` are accepted; any other kind (e.g. the
 * legacy `FunctionMessage`) is a `LangChainInteropError`.
 */
export function fromLangChainMessage(message: BaseMessage): ChatMessage {
  const role = roleOf(message);
  const out: ChatMessage = { role, content: message.text };
  if (typeof message.name === 'string' && message.name !== '') out.name = message.name;
  const meta: Meta = {};
  if (AIMessage.isInstance(message) && message.tool_calls !== undefined && message.tool_calls.length > 0) {
    meta['toolCalls'] = message.tool_calls.map((c) => {
      const call: { [key: string]: JsonValue } = { name: c.name, args: toJsonMeta(c.args) };
      if (typeof c.id === 'string' && c.id !== '') call['id'] = c.id;
      return call;
    });
  }
  if (ToolMessage.isInstance(message)) meta['toolCallId'] = message.tool_call_id;
  if (Object.keys(meta).length > 0) out.meta = meta;
  return out;
}
