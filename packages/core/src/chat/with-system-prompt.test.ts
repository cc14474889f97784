import { describe, expect, it } from 'vitest';
import { ChatMessages } from './chat-message.js';
import { withSystemPrompt } from './with-system-prompt.js';

describe('withSystemPrompt', () => {
  const user = ChatMessages.user('hi');

  it('sends the system prompt first when the messages hold no system message', () => {
    expect(withSystemPrompt([user, ChatMessages.assistant('hello')], 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('keeps the messages as they are when they already hold a system message, wherever it is', () => {
    const messages = [user, ChatMessages.system('Answer in French.')];
    expect(withSystemPrompt(messages, 'Be brief.')).toBe(messages);
  });

  it('keeps the messages as they are without a system prompt', () => {
    const messages = [user];
    expect(withSystemPrompt(messages, undefined)).toBe(messages);
  });

  it('adds an empty system prompt (only undefined means none)', () => {
    expect(withSystemPrompt([user], '')).toEqual([{ role: 'system', content: '' }, user]);
  });
});
