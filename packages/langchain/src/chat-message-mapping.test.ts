import {
  AIMessage,
  AIMessageChunk,
  FunctionMessage,
  ChatMessage as GenericMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type { ChatMessage } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { fromLangChainMessage, toLangChainMessage, toLangChainMessages } from './chat-message-mapping.js';
import { LangChainInteropError } from './errors.js';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Weather in Paris?', name: 'ada' },
  {
    role: 'assistant',
    content: '',
    meta: { toolCalls: [{ id: 'call_1', name: 'weather', args: { city: 'Paris', days: 2 } }] },
  },
  { role: 'tool', content: '18 °C, sunny', name: 'weather', meta: { toolCallId: 'call_1' } },
  { role: 'assistant', content: 'Sunny, 18 °C.' },
];

describe('ChatMessage → LangChain message', () => {
  it('maps each role to its LangChain class, with name, tool calls and tool_call_id', () => {
    const [system, user, call, tool, answer] = toLangChainMessages(conversation);
    expect(system).toBeInstanceOf(SystemMessage);
    expect(system?.content).toBe('Answer briefly.');
    expect(user).toBeInstanceOf(HumanMessage);
    expect(user?.name).toBe('ada');
    expect(call).toBeInstanceOf(AIMessage);
    expect((call as AIMessage).tool_calls).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'weather', args: { city: 'Paris', days: 2 } },
    ]);
    expect(tool).toBeInstanceOf(ToolMessage);
    expect((tool as ToolMessage).tool_call_id).toBe('call_1');
    expect(tool?.name).toBe('weather');
    expect(answer).toBeInstanceOf(AIMessage);
    expect((answer as AIMessage).tool_calls).toEqual([]);
  });

  it('keeps other meta on the Synapse side', () => {
    const m = toLangChainMessage({ role: 'user', content: 'hi', meta: { source: 'web' } });
    expect(m.additional_kwargs).toEqual({});
    expect(m.response_metadata).toEqual({});
  });

  it('refuses a tool message without meta.toolCallId, naming the message and the fix', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'x' },
      { role: 'tool', content: 'result' },
    ];
    expect(() => toLangChainMessages(messages)).toThrow(LangChainInteropError);
    expect(() => toLangChainMessages(messages)).toThrow(/Message 1 \(tool\).*meta\.toolCallId/);
  });

  it('refuses malformed meta.toolCalls', () => {
    expect(() => toLangChainMessage({ role: 'assistant', content: '', meta: { toolCalls: [{ args: {} }] } })).toThrow(
      /meta\.toolCalls must be an array/,
    );
  });
});

describe('LangChain message → ChatMessage', () => {
  it('round-trips a whole conversation both ways', () => {
    expect(toLangChainMessages(conversation).map(fromLangChainMessage)).toEqual(conversation);
    const lc = [
      new SystemMessage('s'),
      new HumanMessage({ content: 'q', name: 'ada' }),
      new AIMessage({ content: '', tool_calls: [{ id: 't', name: 'search', args: { q: 'x' } }] }),
      new ToolMessage({ content: 'found', tool_call_id: 't' }),
      new AIMessage('done'),
    ];
    const back = toLangChainMessages(lc.map(fromLangChainMessage));
    expect(back.map((m) => [m.type, m.text, m.name])).toEqual(lc.map((m) => [m.type, m.text, m.name]));
    expect((back[2] as AIMessage).tool_calls).toEqual([{ type: 'tool_call', id: 't', name: 'search', args: { q: 'x' } }]);
    expect((back[3] as ToolMessage).tool_call_id).toBe('t');
  });

  it('takes the text of content blocks and maps chunks and generic messages by role', () => {
    const blocks = new AIMessage({
      content: [
        { type: 'text', text: 'Hello ' },
        { type: 'image_url', image_url: 'data:image/png;base64,AAAA' },
        { type: 'text', text: 'world' },
      ],
    });
    expect(fromLangChainMessage(blocks)).toEqual({ role: 'assistant', content: 'Hello world' });
    expect(fromLangChainMessage(new AIMessageChunk('part'))).toEqual({ role: 'assistant', content: 'part' });
    expect(fromLangChainMessage(new GenericMessage('hi', 'human'))).toEqual({ role: 'user', content: 'hi' });
    expect(fromLangChainMessage(new GenericMessage('ok', 'assistant'))).toEqual({ role: 'assistant', content: 'ok' });
  });

  it('refuses messages with no Synapse role', () => {
    expect(() => fromLangChainMessage(new GenericMessage('x', 'critic'))).toThrow(LangChainInteropError);
    expect(() => fromLangChainMessage(new FunctionMessage({ content: '{}', name: 'f' }))).toThrow(/function message/);
  });
});
