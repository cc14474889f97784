import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { concat, router, TestComponent, upper } from '../../test/pipeline-components.js';
import { ChatMessageSchema } from '../chat/chat-message.js';
import { Pipeline } from './pipeline.js';

describe('Pipeline.draw', () => {
  it('draws components, typed edges, variadic inputs and open sockets', () => {
    const p = new Pipeline()
      .addComponent('route', router({ threshold: 1 }))
      .addComponent('a', upper())
      .addComponent('b', upper())
      .addComponent('join', concat())
      .connect('a', 'join')
      .connect('b', 'join');
    const text = p.draw();
    expect(text.startsWith('graph TD\n')).toBe(true);
    expect(text).toContain('c0["<b>route</b><br/><small>test.Router</small>"]');
    expect(text).toContain('c1 -->|"text → parts (variadic)<br/>string"| c3');
    expect(text).toContain('c2 -->|"text → parts (variadic)<br/>string"| c3');
    expect(text).toContain('inputs([inputs])');
    expect(text).toContain('inputs -->|"value: number"| c0');
    expect(text).toContain('inputs -->|"text: string"| c1');
    expect(text).toContain('c0 -->|"low: number"| outputs');
    expect(text).toContain('c3 -->|"text: string"| outputs');
    expect(text).not.toContain('parts: string');
  });

  it('escapes quotes and angle brackets and marks optional inputs', () => {
    const c = new TestComponent(
      'test."Odd"',
      { m: { schema: z.record(z.string(), z.number()), optional: true } },
      { out: { schema: z.literal('x') } },
      () => ({}),
    );
    const text = new Pipeline().addComponent('my comp', c).draw();
    expect(text).toContain('c0["<b>my comp</b><br/><small>test.#quot;Odd#quot;</small>"]');
    expect(text).toContain('inputs -->|"m?: Record#lt;string, number#gt;"| c0');
    expect(text).toContain('c0 -->|"out: #quot;x#quot;"| outputs');
  });

  it('marks greedy sockets and the conversion a smart connection applies', () => {
    const joiner = new TestComponent(
      'test.BranchJoiner',
      { value: { schema: z.string(), variadic: 'greedy' } },
      { value: { schema: z.string() } },
      () => ({}),
    );
    const chat = new TestComponent('test.Chat', {}, { replies: { schema: z.array(ChatMessageSchema) } }, () => ({}));
    const text = new Pipeline()
      .addComponent('chat', chat)
      .addComponent('joiner', joiner)
      .connect('chat.replies', 'joiner.value')
      .draw();
    expect(text).toContain('c0 -->|"replies → value (greedy)<br/>');
    expect(text).toContain('(unwrapChatMessageToString)"| c1');
  });
});
