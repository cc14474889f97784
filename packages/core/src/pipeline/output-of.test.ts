import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { testRegistry, upper } from '../../test/pipeline-components.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { createDocument, type Document } from '../document.js';
import { PipelineOutputError, SynapseError } from '../errors.js';
import { outputOf } from './output-of.js';
import { Pipeline } from './pipeline.js';
import type { PipelineResult } from './types.js';

/** Matches a PipelineOutputError for `component.socket` whose message contains (or matches) `text`. */
function outputError(component: string, socket: string, text: string | RegExp) {
  return expect.objectContaining({
    name: 'PipelineOutputError',
    code: 'PIPELINE_OUTPUT',
    component,
    socket,
    details: { component, socket },
    message: typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text),
  });
}

describe('outputOf', () => {
  const docs = [createDocument({ content: 'a' }), createDocument({ content: 'b' })];

  it('returns the parsed output, typed by the schema', () => {
    const result: PipelineResult = { joiner: { documents: docs }, prompt: { prompt: 'hi' } };
    const documents = outputOf(result, 'joiner', 'documents', SocketSchemas.documents);
    expectTypeOf(documents).toEqualTypeOf<Document[]>();
    expect(documents).toEqual(docs);
    expect(outputOf(result, 'prompt', 'prompt', SocketSchemas.text)).toBe('hi');
    // a schema's transform applies, as for socket inputs
    expect(
      outputOf(
        result,
        'prompt',
        'prompt',
        z.string().transform((s) => s.length),
      ),
    ).toBe(2);
  });

  it('reads the result of a pipeline loaded from YAML', async () => {
    const yaml = new Pipeline()
      .addComponent('a', upper({ suffix: '!' }))
      .addComponent('b', upper())
      .connect('a', 'b')
      .dumps();
    const result = await Pipeline.loads(yaml, { registry: testRegistry() }).run({ text: 'x' }, { includeOutputsFrom: ['a'] });
    expect(outputOf(result, 'b', 'text', SocketSchemas.text)).toBe('X!');
    expect(outputOf(result, 'a', 'text', SocketSchemas.text)).toBe('X!');
  });

  it('names the missing output and lists what the result holds', () => {
    const result: PipelineResult = { limiter: { documents: docs }, answer: { replies: ['x'], meta: [{}] } };
    const missing = () => outputOf(result, 'joiner', 'documents', SocketSchemas.documents);
    expect(missing).toThrow(PipelineOutputError);
    expect(missing).toThrow(SynapseError);
    expect(missing).toThrow(
      outputError(
        'joiner',
        'documents',
        'no output "joiner.documents". It holds: "limiter.documents", "answer.replies", "answer.meta".',
      ),
    );
    expect(missing).toThrow("pass includeOutputsFrom: ['joiner']");

    expect(() => outputOf(result, 'answer', 'prompt', SocketSchemas.text)).toThrow(
      outputError('answer', 'prompt', 'no output "answer.prompt"'),
    );
    expect(() => outputOf({}, 'x', 'y', SocketSchemas.text)).toThrow(outputError('x', 'y', 'It holds: (none).'));
    // inherited object properties are not outputs
    const defined = z.unknown().refine((v) => v !== undefined);
    expect(() => outputOf({}, 'constructor', 'name', defined)).toThrow(outputError('constructor', 'name', 'no output'));
  });

  it('returns undefined for a missing output when the schema allows it', () => {
    const result: PipelineResult = { joiner: {} };
    const maybe = outputOf(result, 'joiner', 'documents', SocketSchemas.documents.optional());
    expectTypeOf(maybe).toEqualTypeOf<Document[] | undefined>();
    expect(maybe).toBeUndefined();
    expect(outputOf(result, 'nobody', 'documents', SocketSchemas.documents.optional())).toBeUndefined();
  });

  it('rejects a value of the wrong type with its zod issues', () => {
    const result: PipelineResult = { joiner: { documents: [docs[0], { id: 'x', content: 3, meta: {} }] } };
    const wrong = () => outputOf(result, 'joiner', 'documents', SocketSchemas.documents);
    expect(wrong).toThrow(
      outputError('joiner', 'documents', /^Output "joiner\.documents" is not a valid Document\[\]: 1\.content: /),
    );
    expect(wrong).toThrow(expect.objectContaining({ cause: expect.any(z.ZodError) }));
    expect(() => outputOf({ p: { prompt: 42 } }, 'p', 'prompt', SocketSchemas.text)).toThrow(
      outputError('p', 'prompt', /^Output "p\.prompt" is not a valid string: \(root\): /),
    );
    // an undefined value counts as not produced, as in the engine
    expect(() => outputOf({ p: { prompt: undefined } }, 'p', 'prompt', SocketSchemas.text)).toThrow(
      outputError('p', 'prompt', 'no output "p.prompt"'),
    );
  });
});
