import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { concat, label, router, TestComponent, upper } from '../../test/pipeline-components.js';
import { ChatMessageSchema } from '../chat/chat-message.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { PipelineConnectError } from '../errors.js';
import { Pipeline } from './pipeline.js';

function catchError(fn: () => unknown): PipelineConnectError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineConnectError);
    return error as PipelineConnectError;
  }
  throw new Error('expected a PipelineConnectError');
}

/** retriever-like: query → documents; joiner-like: variadic documents + optional topK. */
const retriever = () =>
  new TestComponent(
    'test.Retriever',
    { query: { schema: SocketSchemas.text }, topK: { schema: SocketSchemas.topK, default: 10 } },
    { documents: { schema: SocketSchemas.documents } },
    () => ({ documents: [] }),
  );
const joiner = () =>
  new TestComponent(
    'test.Joiner',
    { documents: { schema: SocketSchemas.documents, variadic: true }, topK: { schema: SocketSchemas.topK, optional: true } },
    { documents: { schema: SocketSchemas.documents } },
    () => ({ documents: [] }),
  );
const twoStrings = () =>
  new TestComponent(
    'test.Two',
    { a: { schema: z.string() }, b: { schema: z.string() } },
    { x: { schema: z.string() }, y: { schema: z.string() } },
    () => ({}),
  );

describe('Pipeline.connect', () => {
  it('infers the only type-compatible pair and records it fully qualified', () => {
    const p = new Pipeline().addComponent('r', retriever()).addComponent('j', joiner()).connect('r', 'j');
    expect(p.connections()).toEqual([
      {
        sender: 'r.documents',
        receiver: 'j.documents',
        senderComponent: 'r',
        senderSocket: 'documents',
        receiverComponent: 'j',
        receiverSocket: 'documents',
        type: 'Document[]',
      },
    ]);
  });

  it('infers the missing half when one socket is named', () => {
    const p = new Pipeline().addComponent('u', upper()).addComponent('c', concat());
    p.connect('u.text', 'c');
    expect(p.connections()[0]?.receiver).toBe('c.parts');
  });

  it('returns this for chaining', () => {
    const p = new Pipeline();
    expect(p.addComponent('a', upper())).toBe(p);
    // @ts-expect-error -- "a" was added to the untyped `p`, not to this typed chain
    expect(p.addComponent('b', upper()).connect('a', 'b')).toBe(p);
  });

  it('lists candidates with their types when the choice is ambiguous', () => {
    const p = new Pipeline().addComponent('s', twoStrings()).addComponent('t', twoStrings());
    const error = catchError(() => p.connect('s', 't'));
    expect(error.message).toContain('4 socket pairs have compatible types');
    expect(error.message).toContain('s.x → t.a');
    expect(error.message).toContain('"s" (test.Two) outputs: x: string, y: string');
    expect(error.message).toContain('"t" (test.Two) inputs: a: string, b: string');
    expect(error.message).toContain('connect("s.x", "t.a")');
    // Naming one side is still ambiguous (x → a or x → b) ...
    expect(() => p.connect('s.x', 't')).toThrow(/2 socket pairs/);
    // ... naming both is not.
    p.connect('s.x', 't.b');
    // Now only t.a is free, so one named output suffices.
    p.connect('s.y', 't');
    expect(p.connections().map((c) => `${c.sender}->${c.receiver}`)).toEqual(['s.x->t.b', 's.y->t.a']);
  });

  it('breaks ties by equal socket names', () => {
    const p = new Pipeline().addComponent('a', joiner()).addComponent('b', joiner());
    // documents→documents and documents→topK? No: Document[] does not fit number; only one pair.
    p.connect('a', 'b');
    const q = new Pipeline()
      .addComponent('s', new TestComponent('t.S', {}, { text: { schema: z.string() } }, () => ({})))
      .addComponent(
        't',
        new TestComponent('t.T', { query: { schema: z.string() }, text: { schema: z.string() } }, {}, () => ({})),
      );
    q.connect('s', 't');
    expect(q.connections()[0]?.receiver).toBe('t.text');
  });

  it('names both types and lists the sockets when types are incompatible', () => {
    const p = new Pipeline().addComponent('r', retriever()).addComponent('u', upper());
    const error = catchError(() => p.connect('r.documents', 'u.text'));
    expect(error.message).toContain('Cannot connect r.documents (Document[]) to u.text (string): the types are incompatible');
    expect(error.message).toContain('"r" (test.Retriever) outputs: documents: Document[]');
    expect(error.message).toContain('"u" (test.Upper) inputs: text: string');
    expect(error.details).toMatchObject({ senderType: 'Document[]', receiverType: 'string' });
    const inferred = catchError(() => p.connect('r', 'u'));
    expect(inferred.message).toContain('no output has a type the inputs accept');
    expect(inferred.message).toContain('"u" (test.Upper) inputs: text: string');
  });

  it('rejects unknown components and sockets, listing what exists', () => {
    const p = new Pipeline().addComponent('r', retriever()).addComponent('j', joiner());
    // @ts-expect-error -- no component "nope" (checked at run time too)
    expect(catchError(() => p.connect('nope.documents', 'j')).message).toContain('no component named "nope"');
    // @ts-expect-error -- no component "nope" (checked at run time too)
    expect(catchError(() => p.connect('r', 'nope')).message).toMatch(/Components: "r", "j"/);
    const out = catchError(() => p.connect('r.docs', 'j'));
    expect(out.message).toContain('"r" has no output socket "docs"');
    expect(out.message).toContain('outputs: documents: Document[]');
    const inp = catchError(() => p.connect('r', 'j.docs'));
    expect(inp.message).toContain('"j" has no input socket "docs"');
    expect(inp.message).toContain('inputs: documents: Document[] (variadic), topK?: number');
  });

  it('allows one sender per non-variadic input and many per variadic input', () => {
    const p = new Pipeline()
      .addComponent('a', upper())
      .addComponent('b', upper())
      .addComponent('c', upper())
      .addComponent('j', concat())
      .connect('a', 'c');
    const error = catchError(() => p.connect('b.text', 'c.text'));
    expect(error.message).toContain('already receives from a.text');
    expect(error.message).toContain('only variadic (fan-in) and list sockets accept several senders');
    expect(catchError(() => p.connect('b', 'c')).message).toContain('every type-compatible input is already connected');
    p.connect('a', 'j').connect('b', 'j').connect('c', 'j');
    expect(p.connections().filter((c) => c.receiver === 'j.parts')).toHaveLength(3);
  });

  it('lets several senders feed a list socket (the auto joiner scenarios run it)', () => {
    const p = new Pipeline()
      .addComponent('r1', retriever())
      .addComponent('r2', retriever())
      .addComponent(
        'limit',
        new TestComponent(
          'test.Limit',
          { documents: { schema: SocketSchemas.documents } },
          { documents: { schema: SocketSchemas.documents } },
          ({ documents }) => ({ documents }),
        ),
      )
      .connect('r1', 'limit')
      .connect('r2', 'limit');
    expect(p.connections().filter((c) => c.receiver === 'limit.documents')).toHaveLength(2);
  });

  it('connects string and ChatMessage sockets through a smart conversion, preferring pairs that need none', () => {
    const chat = new TestComponent(
      'test.Chat',
      { messages: { schema: z.array(ChatMessageSchema) } },
      { replies: { schema: z.array(ChatMessageSchema) }, text: { schema: z.string() } },
      () => ({}),
    );
    const p = new Pipeline().addComponent('chat', chat).addComponent('r', retriever());
    // replies → query needs a conversion, text → query does not: the strict pair wins.
    p.connect('chat', 'r');
    expect(p.connections()).toMatchObject([{ sender: 'chat.text', receiver: 'r.query' }]);
    const q = new Pipeline().addComponent('chat', chat).addComponent('r', retriever()).connect('chat.replies', 'r.query');
    expect(q.connections()).toMatchObject([{ sender: 'chat.replies', receiver: 'r.query' }]);
  });

  it('rejects a connection that already exists', () => {
    const p = new Pipeline().addComponent('a', upper()).addComponent('j', concat()).connect('a', 'j');
    expect(catchError(() => p.connect('a.text', 'j.parts')).message).toContain('a.text is already connected to j.parts');
    expect(catchError(() => p.connect('a', 'j')).message).toContain('every type-compatible input is already connected');
  });

  it('accepts unions, optional receivers and unknown receivers', () => {
    const sink = new TestComponent(
      'test.Sink',
      { any: { schema: z.unknown() }, maybe: { schema: z.number().optional() } },
      {},
      () => ({}),
    );
    const p = new Pipeline().addComponent('r', router({ threshold: 1 })).addComponent('s', sink);
    p.connect('r.low', 's.maybe').connect('r.high', 's.any');
    expect(p.connections()).toHaveLength(2);
  });
});

describe('Pipeline.addComponent', () => {
  it('validates names and components', () => {
    const p = new Pipeline().addComponent('a', upper());
    expect(catchError(() => p.addComponent('', upper())).message).toContain('non-empty');
    expect(catchError(() => p.addComponent('x.y', upper())).message).toContain('must not contain dots');
    expect(catchError(() => p.addComponent('a', upper())).message).toContain('A component named "a" already exists');
    const c = upper();
    p.addComponent('b', c);
    expect(catchError(() => p.addComponent('c', c)).message).toContain('already in this pipeline as "b"');
    const notAComponent = { type: 'x', run: async () => ({}), toJSON: () => ({ type: 'x', options: {} }) };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(catchError(() => p.addComponent('d', notAComponent as any)).message).toContain('declares no `inputSockets` object');
    const badSchema = { ...notAComponent, inputSockets: { q: { schema: 'string' } }, outputSockets: {} };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(catchError(() => p.addComponent('e', badSchema as any)).message).toContain(
      'inputSockets.q.schema is not a zod v4 schema',
    );
  });

  it('getComponent / removeComponent / componentNames', () => {
    const u = upper();
    const p = new Pipeline().addComponent('a', u).addComponent('b', upper()).connect('a', 'b');
    expect(p.getComponent('a')).toBe(u);
    expect(() => p.getComponent('zz')).toThrow(/No component named "zz". Components: "a", "b"/);
    expect(p.removeComponent('a')).toBe(u);
    expect(p.componentNames()).toEqual(['b']);
    expect(p.connections()).toEqual([]);
  });
});

describe('Pipeline.inputs / outputs', () => {
  it('lists open sockets with types, optionality and defaults', () => {
    const p = new Pipeline()
      .addComponent('r1', retriever())
      .addComponent('r2', retriever())
      .addComponent('j', joiner())
      .addComponent('l', label({ name: 'x' }))
      .connect('r1', 'j')
      .connect('r2', 'j');
    expect(p.inputs()).toEqual({
      r1: {
        query: { type: 'string', optional: false, variadic: false },
        topK: { type: 'number', optional: true, default: 10, variadic: false },
      },
      r2: {
        query: { type: 'string', optional: false, variadic: false },
        topK: { type: 'number', optional: true, default: 10, variadic: false },
      },
      j: { topK: { type: 'number', optional: true, variadic: false } },
      l: { value: { type: 'number', optional: false, variadic: false } },
    });
    expect(p.outputs()).toEqual({ j: { documents: { type: 'Document[]' } }, l: { text: { type: 'string' } } });
  });
});
