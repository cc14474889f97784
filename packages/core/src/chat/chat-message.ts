import { z } from 'zod';
import { MetaSchema } from '../document.js';

/** Who said a chat turn (Haystack's `ChatRole`). */
export const ChatRoleSchema = z.enum(['system', 'user', 'assistant', 'tool']);
export type ChatRole = z.output<typeof ChatRoleSchema>;

/**
 * One chat turn: the shared message type of chat prompt builders, chat generators (Ollama,
 * LangChain chat models) and the pipeline's `string` ↔ `ChatMessage` smart connections.
 */
export const ChatMessageSchema = z
  .object({
    role: ChatRoleSchema,
    content: z.string(),
    /** Optional author name (e.g. a tool's name). */
    name: z.string().optional(),
    /** Generator metadata (model, token counts, finish reason…). */
    meta: MetaSchema.optional(),
  })
  .strict();

export type ChatMessage = z.output<typeof ChatMessageSchema>;

/** Builds a {@link ChatMessage}; `meta`/`name` are left out when not given. */
export function chatMessage(role: ChatRole, content: string, extra: Pick<ChatMessage, 'name' | 'meta'> = {}): ChatMessage {
  const message: ChatMessage = { role, content };
  if (extra.name !== undefined) message.name = extra.name;
  if (extra.meta !== undefined) message.meta = extra.meta;
  return message;
}

/** Shorthands in the spirit of Haystack's `ChatMessage.from_user(...)`. */
export const ChatMessages = {
  user: (content: string, extra?: Pick<ChatMessage, 'name' | 'meta'>) => chatMessage('user', content, extra),
  system: (content: string, extra?: Pick<ChatMessage, 'name' | 'meta'>) => chatMessage('system', content, extra),
  assistant: (content: string, extra?: Pick<ChatMessage, 'name' | 'meta'>) => chatMessage('assistant', content, extra),
  tool: (content: string, extra?: Pick<ChatMessage, 'name' | 'meta'>) => chatMessage('tool', content, extra),
} as const;
