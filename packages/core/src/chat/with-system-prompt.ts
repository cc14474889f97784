import type { ChatMessage } from './chat-message.js';

/**
 * The chat generators' system-prompt rule: `system`, when given, is sent first as a system
 * message unless `messages` already hold a system message (the caller's own wins). Returns
 * `messages` itself when nothing is added; an empty string is still a prompt and is added.
 */
export function withSystemPrompt(messages: readonly ChatMessage[], system: string | undefined): readonly ChatMessage[] {
  return system !== undefined && !messages.some((m) => m.role === 'system')
    ? [{ role: 'system', content: system }, ...messages]
    : messages;
}
