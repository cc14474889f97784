import { describe, expect, it } from 'vitest';
import { ChatMessageSchema, ChatMessages, chatMessage } from './chat-message.js';

describe('ChatMessage', () => {
  it('builds messages without undefined keys', () => {
    expect(ChatMessages.user('hi')).toEqual({ role: 'user', content: 'hi' });
    expect(Object.keys(ChatMessages.user('hi'))).toEqual(['role', 'content']);
    expect(chatMessage('tool', 'x', { name: 'calc', meta: { n: 1 } })).toEqual({
      role: 'tool',
      content: 'x',
      name: 'calc',
      meta: { n: 1 },
    });
  });

  it('schema rejects unknown roles and extra keys', () => {
    expect(ChatMessageSchema.safeParse({ role: 'robot', content: 'x' }).success).toBe(false);
    expect(ChatMessageSchema.safeParse({ role: 'user', content: 'x', extra: 1 }).success).toBe(false);
    expect(ChatMessageSchema.safeParse(ChatMessages.assistant('ok', { meta: { model: 'm' } })).success).toBe(true);
  });
});
