import { describe, expect, it, vi } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { InvalidOptionsError, TemplateError } from '../errors.js';
import { liquidEngine } from './liquid-engine.js';
import { PromptBuilder } from './prompt-builder.js';

const RAG_TEMPLATE = `Answer the question using only the context.
Context:
{% for d in documents %}[{{ forloop.index }}] {{ d.content }} (source: {{ d.meta.source }})
{% endfor %}Question: {{ query }}
Answer:`;

const documents: Document[] = [
  { id: '1', content: 'pgvector adds vector similarity search to PostgreSQL.', meta: { source: 'pgvector.md' } },
  { id: '2', content: 'HNSW indexes trade build time for query speed.', meta: { source: 'hnsw.md' } },
];

async function catchError(p: Promise<unknown> | (() => unknown)): Promise<TemplateError> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('PromptBuilder', () => {
  it('renders a RAG prompt with loops, nested fields and no HTML escaping', async () => {
    const b = new PromptBuilder({ template: RAG_TEMPLATE });
    const { prompt } = await b.run({ documents, query: 'What does pgvector do & why <now>?' });
    expect(prompt).toBe(`Answer the question using only the context.
Context:
[1] pgvector adds vector similarity search to PostgreSQL. (source: pgvector.md)
[2] HNSW indexes trade build time for query speed. (source: hnsw.md)
Question: What does pgvector do & why <now>?
Answer:`);
  });

  it('infers variables (excluding assigned and loop variables) and makes one optional socket per variable', () => {
    const b = new PromptBuilder({
      template:
        '{% assign n = documents | size %}{% capture t %}{{ title }}{% endcapture %}{{ t }} {{ n }} {% for d in documents %}{{ d.content }}{% endfor %}{{ query | upcase }}',
    });
    expect(b.variables).toEqual(['documents', 'title', 'query']);
    expect(Object.keys(b.inputSockets)).toEqual(['documents', 'title', 'query', 'template', 'templateVariables']);
    for (const name of ['documents', 'title', 'query', 'template', 'templateVariables']) {
      expect(b.inputSockets[name]!.optional).toBe(true);
    }
    expect(Object.keys(b.outputSockets)).toEqual(['prompt']);
  });

  it('uses an explicit variables list for the sockets', () => {
    const b = new PromptBuilder({ template: '{{ a }} {{ b }}', variables: ['a', 'extra'] });
    expect(Object.keys(b.inputSockets)).toEqual(['a', 'extra', 'template', 'templateVariables']);
  });

  it('renders missing optional variables as empty strings', async () => {
    const b = new PromptBuilder({ template: 'Q: {{ query }}|{% if context %}has context{% endif %}' });
    expect((await b.run({})).prompt).toBe('Q: |');
  });

  it('raises TemplateError listing ALL missing required variables and the template variables', async () => {
    const b = new PromptBuilder({ template: '{{ a }} {{ b }} {{ c }}', requiredVariables: ['a', 'c'] });
    expect(b.inputSockets['a']!.optional).toBe(false);
    expect(b.inputSockets['b']!.optional).toBe(true);
    const e = await catchError(b.run({ b: 1 }));
    expect(e.message).toContain('missing required variable(s): a, c');
    expect(e.message).toContain("The template's variables are: a, b, c");
    expect(e.code).toBe('TEMPLATE');
    expect(e.details).toMatchObject({ missing: ['a', 'c'], variables: ['a', 'b', 'c'] });
    expect((await b.run({ a: 'x', c: null })).prompt).toBe('x  ');
  });

  it('requires every variable with "*", accepting values from templateVariables', async () => {
    const b = new PromptBuilder({ template: '{{ query }} / {{ documents | size }}', requiredVariables: '*' });
    expect(b.requiredVariables).toEqual(['query', 'documents']);
    const e = await catchError(b.run({ query: 'q' }));
    expect(e.message).toContain('missing required variable(s): documents.');
    expect((await b.run({ query: 'q', templateVariables: { documents } })).prompt).toBe('q / 2');
  });

  it('lets templateVariables win over same-named inputs', async () => {
    const b = new PromptBuilder({ template: '{{ a }}-{{ b }}' });
    expect((await b.run({ a: 1, b: 2, templateVariables: { b: 'B' } })).prompt).toBe('1-B');
  });

  it('renders a runtime template override, with "*" applying to its own variables', async () => {
    const b = new PromptBuilder({ template: 'default {{ query }}', requiredVariables: '*' });
    expect(
      (await b.run({ query: 'q', template: 'override {{ query }} {{ extra }}', templateVariables: { extra: 'x' } })).prompt,
    ).toBe('override q x');
    const e = await catchError(b.run({ query: 'q', template: '{{ query }} {{ lang }}' }));
    expect(e.message).toContain('missing required variable(s): lang');
  });

  it('parses each runtime template once (LRU cache) and the configured template once', async () => {
    const b = new PromptBuilder({ template: '{{ x }}' });
    const spy = vi.spyOn(liquidEngine, 'parse');
    try {
      for (let i = 0; i < 5; i++) {
        expect((await b.run({ x: i, template: 'T{{ x }}' })).prompt).toBe(`T${i}`);
        await b.run({ x: i });
        await b.run({ x: i, template: '{{ x }}' });
      }
      expect(spy).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 40; i++) await b.run({ template: `v${i}` });
      spy.mockClear();
      await b.run({ template: 'v39' });
      expect(spy).not.toHaveBeenCalled();
      await b.run({ template: 'v0' }); // evicted: the cache holds 32
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('raises TemplateError with line, column and an excerpt on syntax errors at construction', async () => {
    const e = await catchError(() => new PromptBuilder({ template: 'line one\n{% for d in documents %}\n{{ d.content }}' }));
    expect(e.message).toContain('PromptBuilder: invalid template: tag {% for d in documents %} not closed, line:2, col:1');
    expect(e.message).toContain('>> 2| {% for d in documents %}');
    expect(e.details).toMatchObject({ line: 2, column: 1 });
    const unclosed = await catchError(() => new PromptBuilder({ template: 'a\nb {{ x ' }));
    expect(unclosed.details).toMatchObject({ line: 2 });
  });

  it('rejects unknown filters (strict filters) at construction and at run for overrides', async () => {
    const e = await catchError(() => new PromptBuilder({ template: '{{ query | shout }}' }));
    expect(e.message).toContain('undefined filter: shout');
    const b = new PromptBuilder({ template: 'ok' });
    const r = await catchError(b.run({ template: 'x\n{{ q | nope }}' }));
    expect(r.message).toContain('PromptBuilder (runtime template): invalid template: undefined filter: nope, line:2');
  });

  it('cannot read files or reach prototypes', async () => {
    for (const tag of ['include', 'render', 'layout']) {
      const e = await catchError(() => new PromptBuilder({ template: `{% ${tag} "package.json" %}` }));
      expect(e.message).toContain(`tag "${tag}" not found`);
      expect(e.message).toContain('templates cannot read files');
    }
    const b = new PromptBuilder({ template: '[{{ d.constructor }}][{{ d.__proto__ }}][{{ d.toString }}][{{ d.content }}]' });
    expect((await b.run({ d: documents[0] })).prompt).toBe(`[][][][${documents[0]!.content}]`);
    const polluted = JSON.parse('{"__proto__": {"secret": "leak"}}') as Record<string, unknown>;
    const p = new PromptBuilder({ template: '[{{ secret }}]' });
    expect((await p.run({ templateVariables: polluted })).prompt).toBe('[]');
  });

  it('aborts runaway templates with renderLimitMs', async () => {
    const b = new PromptBuilder({
      template: '{% for i in (1..100) %}{% for j in (1..100) %}{% for k in (1..1000) %}.{% endfor %}{% endfor %}{% endfor %}',
      renderLimitMs: 20,
    });
    const e = await catchError(b.run({}));
    expect(e.message).toContain('PromptBuilder: rendering failed');
    expect(e.message).toContain('limit exceeded');
  });

  it('rejects variables that clash with the built-in inputs, and unknown required variables', async () => {
    const e = await catchError(() => new PromptBuilder({ template: '{{ template }} {{ templateVariables }}' }));
    expect(e.message).toContain('"template", "templateVariables" clash with the built-in inputs');
    expect(() => new PromptBuilder({ template: '{{ a }}', requiredVariables: ['a', 'b'] })).toThrow(InvalidOptionsError);
    expect(() => new PromptBuilder({ template: '{{ a }}', requiredVariables: ['a', 'b'] })).toThrow(
      /requiredVariables lists b, which is not a variable of the template \(variables: a\)/,
    );
    expect(() => new PromptBuilder({} as never)).toThrow(/template/);
    expect(() => new PromptBuilder({ template: 'x', requiredVariables: 'all' as never })).toThrow(InvalidOptionsError);
    const b = new PromptBuilder({ template: 'x' });
    await expect(b.run({ templateVariables: 'nope' as never })).rejects.toThrow(/templateVariables must be an object/);
  });

  it('round-trips through the registry', async () => {
    const b = new PromptBuilder({ template: RAG_TEMPLATE, requiredVariables: ['query'], renderLimitMs: 1000 });
    const json = b.toJSON();
    expect(json).toEqual({
      type: 'core.PromptBuilder',
      options: { template: RAG_TEMPLATE, requiredVariables: ['query'], renderLimitMs: 1000 },
    });
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(PromptBuilder);
    expect(Object.keys(copy.inputSockets)).toEqual(Object.keys(b.inputSockets));
    const inputs = { documents, query: 'q' };
    expect(await copy.run(inputs, undefined as never)).toEqual(await b.run(inputs));
  });
});
