/**
 * Typed pipelines. The `expectTypeOf` assertions and `@ts-expect-error` lines are checked by
 * `tsc -p tsconfig.json` (`npm run typecheck`); vitest runs the runtime assertions. Lines that
 * must not compile sit in functions that are never called.
 */
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { readmePipeline } from '../../test/readme-pipeline.js';
import type { AnyComponent, Component, RunContext } from '../component/component.js';
import { defineComponent } from '../component/define-component.js';
import type { InputSockets, OutputSockets, RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { DocumentJoiner } from '../components/document-joiner.js';
import { DocumentLimiter } from '../components/document-limiter.js';
import { PromptBuilder } from '../components/prompt-builder.js';
import { createDocument, type Document } from '../document.js';
import { InMemoryBM25Retriever } from '../retrievers/in-memory-bm25-retriever.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { Pipeline } from './pipeline.js';
import type { ComponentOutputs, PipelineResult } from './types.js';

/** A router: `relevant` or `empty`, never both — so both outputs are declared optional. */
const ScoreRouter = defineComponent({
  type: 'test.ScoreRouter',
  inputs: { documents: { schema: SocketSchemas.documents } },
  outputs: {
    relevant: { schema: SocketSchemas.documents, optional: true },
    empty: { schema: SocketSchemas.text, optional: true },
  },
  options: z.strictObject({ threshold: z.number().default(0) }),
  run: async ({ documents }, { options }) => {
    const relevant = documents.filter((d) => (d.score ?? 0) > options.threshold);
    return relevant.length > 0 ? { relevant } : { empty: 'nothing relevant' };
  },
});

/** Two outputs that are always produced. */
const Splitter = defineComponent({
  type: 'test.Splitter',
  inputs: { documents: { schema: SocketSchemas.documents } },
  outputs: { first: { schema: SocketSchemas.documents }, label: { schema: SocketSchemas.text } },
  run: ({ documents }) => ({ first: documents.slice(0, 1), label: `${documents.length} documents` }),
});

const INDEX = `pipeline-types-test-${process.pid}`;
const store = new InMemoryDocumentStore({ index: INDEX, embeddingSimilarityFunction: 'cosine' });
await store.writeDocuments([
  createDocument({ content: 'Paris is the capital of France.', embedding: [0.9, 0.1] }),
  createDocument({ content: 'Berlin is the capital of Germany.', embedding: [0.5, 0.5] }),
  createDocument({ content: 'Plants turn light into sugar.', embedding: [0.1, 0.9] }),
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
    .addComponent('limiter', new DocumentLimiter({ topK: 1 }))
    .connect('keyword', 'joiner')
    .connect('keyword2', 'joiner')
    .connect('joiner', 'prompt.documents')
    .connect('joiner', 'limiter.documents');
}

describe('typed pipeline results (compile time)', () => {
  it('types the always-produced open outputs as present: result.joiner.documents is a Document[]', async () => {
    const result = await readmePipeline(store).run({ queryEmbedding: [1, 0], query: 'capital of France' });
    expectTypeOf(result).toEqualTypeOf<{ joiner: { documents: Document[] } }>();
    const documents: Document[] = result.joiner.documents;
    expect(documents[0]?.content).toBe('Paris is the capital of France.');
    // @ts-expect-error -- a connected output is not returned (unless included)
    result.vector;
  });

  it('adds every output of the components named in includeOutputsFrom', async () => {
    const pipeline = chained();
    const result = await pipeline.run({ query: 'capital of France' }, { includeOutputsFrom: ['joiner'] });
    expectTypeOf(result.joiner).toEqualTypeOf<{ documents: Document[] }>();
    expectTypeOf(result.prompt).toEqualTypeOf<{ prompt: string }>();
    expectTypeOf(result.limiter).toEqualTypeOf<{ documents: Document[] }>();
    expectTypeOf(result).not.toHaveProperty('keyword');
    const all = await pipeline.run({ query: 'capital' }, { includeOutputsFrom: 'all' });
    expectTypeOf(all.keyword.documents).toEqualTypeOf<Document[]>();

    const typos = () => {
      // @ts-expect-error -- no component of that name
      result.retriever;
      // @ts-expect-error -- DocumentJoiner has no `prompt` output
      result.joiner.prompt;
      // @ts-expect-error -- includeOutputsFrom names a component that does not exist
      void pipeline.run({ query: 'x' }, { includeOutputsFrom: ['jonier'] });
    };
    expect(typos).toBeTypeOf('function');
  });

  it('rejects misspelled components, sockets and run inputs at compile time', () => {
    const p = new Pipeline()
      .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }))
      .addComponent('joiner', new DocumentJoiner());
    const typos = () => {
      // @ts-expect-error -- no output socket "docs"
      p.connect('keyword.docs', 'joiner');
      // @ts-expect-error -- no component "keywrd"
      p.connect('keywrd', 'joiner');
      // @ts-expect-error -- no input socket "document"
      p.connect('keyword', 'joiner.document');
      // @ts-expect-error -- flat input with a misspelled socket name
      void p.run({ qurey: 'x' });
      // @ts-expect-error -- nested input with a misspelled socket name
      void p.run({ keyword: { qurey: 'x' } });
      // @ts-expect-error -- nested input for an unknown component
      void p.run({ retriever: { query: 'x' } });
      // @ts-expect-error -- values are typed from the socket schemas
      void p.run({ query: 42 });
    };
    expect(typos).toBeTypeOf('function');
    // the right names compile (both forms)
    const ok = () => [p.run({ query: 'x', topK: 2 }), p.run({ keyword: { query: 'x', filters: undefined } })];
    expect(ok).toBeTypeOf('function');
    expectTypeOf(p.connect('keyword.documents', 'joiner.documents')).toMatchTypeOf<Pipeline>();
  });

  it('types router branches and everything downstream of them as possibly missing', async () => {
    expectTypeOf<ComponentOutputs<InstanceType<typeof ScoreRouter>>>().toEqualTypeOf<{
      relevant?: Document[];
      empty?: string;
    }>();
    const p = new Pipeline()
      .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }))
      .addComponent('router', new ScoreRouter({ threshold: 0.5 }))
      .addComponent('limiter', new DocumentLimiter({ topK: 1 }))
      .connect('keyword', 'router')
      .connect('router.relevant', 'limiter');
    const result = await p.run({ query: 'capital of Germany' });
    expectTypeOf(result.router).toEqualTypeOf<{ empty?: string } | undefined>();
    expectTypeOf(result.limiter?.documents).toEqualTypeOf<Document[] | undefined>();
    expectTypeOf(result).not.toHaveProperty('keyword');
    expect(result.limiter?.documents?.[0]?.content).toBe('Berlin is the capital of Germany.');
    const miss = await p.run({ query: 'volcano' });
    expect(miss).toEqual({ router: { empty: 'nothing relevant' } });
  });

  it('types the outputs of a component connected without a socket name as possibly missing', async () => {
    const p = new Pipeline()
      .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }))
      .addComponent('split', new Splitter())
      .addComponent('limiter', new DocumentLimiter())
      .connect('keyword', 'split')
      .connect('split', 'limiter'); // `first` (the only fit) is picked at run time; the type cannot tell
    const result = await p.run({ query: 'capital' });
    expectTypeOf(result.split).toEqualTypeOf<{ first?: Document[]; label?: string } | undefined>();
    expectTypeOf(result.limiter).toEqualTypeOf<{ documents: Document[] }>();
    expect(result.split).toEqual({ label: '2 documents' });
    expect(result.limiter.documents).toHaveLength(1);
  });

  it('merges the shapes of a hand-written router and falls back to a loose record for unknown outputs', () => {
    const SOCKETS = { documents: { schema: SocketSchemas.documents } } satisfies InputSockets;
    const OUT = {
      relevant: { schema: SocketSchemas.documents, optional: true },
      empty: { schema: SocketSchemas.text, optional: true },
    } satisfies OutputSockets;
    const handWritten = {
      type: 'test.HandWritten',
      inputSockets: SOCKETS,
      outputSockets: OUT,
      async run(inputs: { documents: Document[] }): Promise<{ relevant: Document[]; empty?: never } | { empty: string }> {
        return inputs.documents.length > 0 ? { relevant: inputs.documents } : { empty: 'none' };
      },
      toJSON: () => ({ type: 'test.HandWritten', options: {} }),
    };
    expectTypeOf<ComponentOutputs<typeof handWritten>>().toEqualTypeOf<{ relevant?: Document[]; empty?: string }>();
    expectTypeOf<ComponentOutputs<AnyComponent>>().toEqualTypeOf<{ [x: string]: unknown }>();
    expectTypeOf<ComponentOutputs<Component>>().toEqualTypeOf<{ [x: string]: unknown }>();
    // an output typed `T | undefined` is either absent or a T
    expectTypeOf<ComponentOutputs<{ run(inputs: unknown): Promise<{ maybe: number | undefined }> }>>().toEqualTypeOf<{
      maybe?: number;
    }>();
    const p = new Pipeline().addComponent('router', handWritten);
    const run = () => p.run({ documents: [] });
    expectTypeOf(run).returns.resolves.toEqualTypeOf<{ router?: { relevant?: Document[]; empty?: string } }>();
  });

  it('gives the loose PipelineResult when the components are not known', async () => {
    const json = chained().toJSON();
    expectTypeOf(Pipeline.fromJSON(json)).toEqualTypeOf<Pipeline>();
    expectTypeOf(Pipeline.loads(chained().dumps())).toEqualTypeOf<Pipeline>();

    const loaded = await Pipeline.fromJSON(json).run({ query: 'capital' }, { includeOutputsFrom: ['joiner'] });
    expectTypeOf(loaded).toEqualTypeOf<PipelineResult>();
    expectTypeOf(loaded.anything).toEqualTypeOf<Record<string, unknown> | undefined>();

    // built statement by statement: the variable keeps its declared (untyped) type
    const statements = new Pipeline();
    statements.addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }));
    expect(() => statements.connect('keyword.whatever', 'other')).toThrow(/no component named "other"/); // compiles: untyped
    const run = () => statements.run({ query: 'x' });
    expectTypeOf(run).returns.resolves.toEqualTypeOf<PipelineResult>();

    // a name that is not a literal type makes the result loose too
    const name: string = 'keyword';
    const dynamic = new Pipeline().addComponent(name, new InMemoryBM25Retriever({ documentStore: store }));
    expectTypeOf((await dynamic.run({ query: 'x' })).whatever).toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it('keeps getComponent typed', () => {
    const pipeline = chained();
    expectTypeOf(pipeline.getComponent('joiner')).toEqualTypeOf<DocumentJoiner>();
    expectTypeOf(pipeline.getComponent('keyword')).toEqualTypeOf<InMemoryBM25Retriever>();
    const other = () => pipeline.getComponent('other'); // (not called: it would throw)
    expectTypeOf(other).returns.toEqualTypeOf<AnyComponent>();
    expectTypeOf(pipeline.getComponent<PromptBuilder>('prompt')).toEqualTypeOf<PromptBuilder>();
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
    const joined: Document[] = result.joiner.documents;
    expect(joined.map((d) => d.content)).toEqual(['Paris is the capital of France.', 'Berlin is the capital of Germany.']);
    expect(joined[0]?.score).toBeCloseTo(1, 10);
    const prompt: string = result.prompt.prompt;
    expect(prompt).toBe('Q: capital of France [Paris is the capital of France.][Berlin is the capital of Germany.]');
    expect(result.limiter.documents.map((d) => d.content)).toEqual(['Paris is the capital of France.']);
    // connected outputs are absent unless asked for, exactly as the types say
    expect(Object.keys(result).sort()).toEqual(['joiner', 'limiter', 'prompt']);

    // the same graph loaded from JSON returns the same values, untyped
    const loaded = await Pipeline.fromJSON(pipeline.toJSON()).run(
      { query: 'capital of France' },
      { includeOutputsFrom: ['joiner'] },
    );
    expect(loaded).toEqual(result);
  });

  it('runs a component whose run receives the context', async () => {
    const Echo = defineComponent({
      type: 'test.Echo',
      inputs: { text: { schema: z.string() } },
      outputs: { name: { schema: z.string() } },
      run: (_inputs, ctx: RunContext) => ({ name: ctx.componentName }),
    });
    const result = await new Pipeline().addComponent('echo', new Echo()).run({ text: 'x' });
    expect(result.echo.name).toBe('echo');
    const outputs: RunOutputs<InstanceType<typeof Echo>['outputSockets']> = await new Echo().run({ text: 'x' });
    expect(outputs).toEqual({ name: 'Echo' });
  });
});
