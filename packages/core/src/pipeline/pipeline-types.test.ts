/**
 * Typed run results. The `expectTypeOf` assertions and `@ts-expect-error` lines are checked by
 * `tsc -p tsconfig.json` (the whole-repo typecheck); vitest runs the runtime assertions.
 */
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { AnyComponent, Component, RunContext } from '../component/component.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { DocumentJoiner } from '../components/document-joiner.js';
import { ExtractiveAnswerGenerator } from '../components/extractive-answer-generator.js';
import { PromptBuilder } from '../components/prompt-builder.js';
import { createDocument, type Document, type Meta } from '../document.js';
import { InMemoryBM25Retriever } from '../retrievers/in-memory-bm25-retriever.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { Pipeline } from './pipeline.js';
import type { ComponentOutputs, PipelineResult, PipelineRunResult } from './types.js';

/** A router: `run` returns one of two shapes. */
class ScoreRouter extends BaseComponent<{ threshold: number }> {
  readonly type = 'test.ScoreRouter';
  readonly inputSockets = { documents: { schema: SocketSchemas.documents } };
  readonly outputSockets = { relevant: { schema: SocketSchemas.documents }, empty: { schema: SocketSchemas.text } };
  constructor(options: { threshold?: number } = {}) {
    super(z.strictObject({ threshold: z.number().default(0) }), options, 'ScoreRouter');
  }
  async run(inputs: { documents: Document[] }, _ctx?: RunContext): Promise<{ relevant: Document[] } | { empty: string }> {
    const relevant = inputs.documents.filter((d) => (d.score ?? 0) > this.options.threshold);
    return relevant.length > 0 ? { relevant } : { empty: 'nothing relevant' };
  }
}

const INDEX = `pipeline-types-test-${process.pid}`;
const store = new InMemoryDocumentStore({ index: INDEX });
await store.writeDocuments([
  createDocument({ content: 'Paris is the capital of France.' }),
  createDocument({ content: 'Berlin is the capital of Germany.' }),
  createDocument({ content: 'Plants turn light into sugar.' }),
]);
afterAll(() => {
  InMemoryDocumentStore.dropIndex(INDEX);
});

function chained() {
  return new Pipeline()
    .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 2 }))
    .addComponent('keyword2', new InMemoryBM25Retriever({ documentStore: store, topK: 3 }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
    .addComponent(
      'prompt',
      new PromptBuilder({ template: 'Q: {{ query }} {% for d in documents %}[{{ d.content }}]{% endfor %}' }),
    )
    .addComponent('answer', new ExtractiveAnswerGenerator({ maxSentences: 1 }))
    .connect('keyword', 'joiner')
    .connect('keyword2', 'joiner')
    .connect('joiner', 'prompt.documents')
    .connect('joiner', 'answer.documents');
}

describe('typed pipeline results (compile time)', () => {
  it('types every socket of a chained pipeline from its components’ run()', async () => {
    const pipeline = chained();
    const result = await pipeline.run({ query: 'capital of France' }, { includeOutputsFrom: ['joiner'] });

    expectTypeOf(result.joiner).toEqualTypeOf<{ documents?: Document[] } | undefined>();
    expectTypeOf(result.keyword?.documents).toEqualTypeOf<Document[] | undefined>();
    expectTypeOf(result.prompt).toEqualTypeOf<{ prompt?: string } | undefined>();
    expectTypeOf(result.answer).toEqualTypeOf<{ replies?: string[]; meta?: Meta[] } | undefined>();
    expectTypeOf(result).toEqualTypeOf<PipelineRunResult<ReturnType<typeof chained> extends Pipeline<infer Cs> ? Cs : never>>();

    // @ts-expect-error -- no component of that name
    result.retriever;
    // @ts-expect-error -- DocumentJoiner has no `prompt` output
    result.joiner?.prompt;
    // @ts-expect-error -- the entry is optional: the component may not have produced it
    result.joiner.documents;
    // @ts-expect-error -- so is every socket
    result.prompt?.prompt.length;

    // connect() keeps the type; getComponent() knows the component's class
    expectTypeOf<ReturnType<typeof pipeline.connect>>().toEqualTypeOf<typeof pipeline>();
    expectTypeOf(pipeline.getComponent('joiner')).toEqualTypeOf<DocumentJoiner>();
    expectTypeOf(pipeline.getComponent('keyword')).toEqualTypeOf<InMemoryBM25Retriever>();
    // the untyped forms still work
    const other = () => pipeline.getComponent('other'); // (not called: it would throw)
    expectTypeOf(other).returns.toEqualTypeOf<AnyComponent>();
    expectTypeOf(pipeline.getComponent<PromptBuilder>('prompt')).toEqualTypeOf<PromptBuilder>();
  });

  it('merges the shapes of a router and falls back to a loose record for `any` outputs', async () => {
    expectTypeOf<ComponentOutputs<ScoreRouter>>().toEqualTypeOf<{ relevant?: Document[]; empty?: string }>();
    expectTypeOf<ComponentOutputs<AnyComponent>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ComponentOutputs<Component>>().toEqualTypeOf<{ [x: string]: unknown }>();
    // an output declared `T | undefined` is either absent or a T
    expectTypeOf<ComponentOutputs<{ run(inputs: unknown): Promise<{ maybe: number | undefined }> }>>().toEqualTypeOf<{
      maybe?: number;
    }>();

    const loose: AnyComponent = new ScoreRouter();
    const p = new Pipeline().addComponent('router', new ScoreRouter()).addComponent('any', loose);
    const result = await p.run({ documents: [] });
    expectTypeOf(result.router?.relevant).toEqualTypeOf<Document[] | undefined>();
    expectTypeOf(result.router?.empty).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.any).toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it('gives the loose PipelineResult when the components are not known', async () => {
    const json = chained().toJSON();
    expectTypeOf(Pipeline.fromJSON(json)).toEqualTypeOf<Pipeline>();
    expectTypeOf(Pipeline.loads(chained().dumps())).toEqualTypeOf<Pipeline>();
    expectTypeOf<PipelineRunResult<Pipeline extends Pipeline<infer Cs> ? Cs : never>>().toEqualTypeOf<PipelineResult>();

    const loaded = await Pipeline.fromJSON(json).run({ query: 'capital' });
    expectTypeOf(loaded).toEqualTypeOf<PipelineResult>();
    expectTypeOf(loaded.anything).toEqualTypeOf<Record<string, unknown> | undefined>();

    // built statement by statement: the variable keeps its declared (untyped) type
    const statements = new Pipeline();
    statements.addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }));
    expectTypeOf(await statements.run({ query: 'x' })).toEqualTypeOf<PipelineResult>();

    // a name that is not a literal type makes the result loose too
    const name: string = 'keyword';
    const dynamic = new Pipeline().addComponent(name, new InMemoryBM25Retriever({ documentStore: store }));
    expectTypeOf((await dynamic.run({ query: 'x' })).whatever).toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it('keeps typed pipelines and results assignable to the untyped ones', async () => {
    const typed = chained();
    const untyped: Pipeline = typed; // e.g. `function build(): Pipeline { return new Pipeline().addComponent(...) }`
    expectTypeOf(untyped.run).returns.resolves.toEqualTypeOf<PipelineResult>();
    const result: PipelineResult = await typed.run({ query: 'x' });
    expect(result).toBeTypeOf('object');
    // structural consumers such as @synapse-rag/langchain's PipelineLike
    const like: { run(inputs: Record<string, unknown>): Promise<Record<string, Record<string, unknown>>> } = typed;
    expect(like).toBe(typed);
  });
});

describe('typed pipeline results (run time)', () => {
  it('carries the values the components returned under the typed names', async () => {
    const pipeline = chained();
    const result = await pipeline.run({ query: 'capital of France' }, { includeOutputsFrom: ['joiner'] });

    const joined: Document[] = result.joiner?.documents ?? [];
    expect(joined.map((d) => d.content)).toEqual(['Paris is the capital of France.', 'Berlin is the capital of Germany.']);
    expect(joined[0]?.score).toBeCloseTo(1, 10);
    const prompt: string | undefined = result.prompt?.prompt;
    expect(prompt).toBe('Q: capital of France [Paris is the capital of France.][Berlin is the capital of Germany.]');
    expect(result.answer?.replies).toEqual(['Paris is the capital of France. [1]']);
    expect(result.answer?.meta?.[0]).toMatchObject({ extractive: true, answered: true });
    // connected outputs are absent unless asked for, exactly as the optional types say
    expect(result.keyword).toBeUndefined();
    expect(Object.keys(result).sort()).toEqual(['answer', 'joiner', 'prompt']);

    // the same graph loaded from JSON returns the same values, untyped
    const loaded = await Pipeline.fromJSON(pipeline.toJSON()).run(
      { query: 'capital of France' },
      { includeOutputsFrom: ['joiner'] },
    );
    expect(loaded).toEqual(result);
  });

  it('reports the branch a router took under its typed socket', async () => {
    const pipeline = new Pipeline()
      .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }))
      .addComponent('router', new ScoreRouter({ threshold: 0.5 }))
      .connect('keyword', 'router');
    const hit = await pipeline.run({ query: 'capital of Germany' });
    expect(hit.router?.relevant?.[0]?.content).toBe('Berlin is the capital of Germany.');
    expect(hit.router?.empty).toBeUndefined();
    const miss = await pipeline.run({ query: 'volcano' });
    expect(miss.router).toEqual({ empty: 'nothing relevant' });
    expect(pipeline.getComponent('router').options.threshold).toBe(0.5);
  });
});
