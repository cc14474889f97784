/**
 * End-to-end behavior of the core: two retrievers → joiner → limiter → prompt builder on the
 * in-memory store, serialized to JSON and YAML and back, with the documented errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ComponentError,
  createDocument,
  type Document,
  DocumentJoiner,
  DocumentLimiter,
  defaultRegistry,
  defineComponent,
  FilterError,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  InvalidOptionsError,
  Pipeline,
  PipelineConnectError,
  PipelineMaxRunsError,
  PipelineValidationError,
  PromptBuilder,
  RecordingTracer,
  SerializationError,
  SocketSchemas,
  TemplateError,
} from '../src/index.js';

/** A deterministic bag-of-words embedder (hashing trick), enough to make vector search meaningful. */
const DIM = 64;
function embed(text: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    v[(h >>> 0) % DIM]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const HashingTextEmbedder = defineComponent({
  type: 'test.HashingTextEmbedder',
  inputs: { text: { schema: SocketSchemas.text } },
  outputs: { embedding: { schema: SocketSchemas.embedding } },
  options: z.strictObject({ dimension: z.number().int().positive().default(DIM) }),
  run: ({ text }) => ({ embedding: embed(text) }),
});
defaultRegistry.register(HashingTextEmbedder);

const INDEX = `hybrid-pipeline-test-${process.pid}`;
const TEXTS: Array<[string, Record<string, string | number>]> = [
  ['Paris is the capital and largest city of France.', { topic: 'geography', year: 2020 }],
  ['Berlin is the capital of Germany and its largest city.', { topic: 'geography', year: 2021 }],
  ['Photosynthesis turns light, water and carbon dioxide into sugar.', { topic: 'biology', year: 2019 }],
  ['The Eiffel Tower in Paris was completed in 1889.', { topic: 'history', year: 2018 }],
  ['Football is played by two teams of eleven players.', { topic: 'sport', year: 2022 }],
  ['France borders Spain, Belgium, Germany and Italy.', { topic: 'geography', year: 2017 }],
  ['Mitochondria are the powerhouse of the cell.', { topic: 'biology', year: 2023 }],
];
const TEMPLATE = `Answer the question using the context.
{% for doc in documents %}[{{ forloop.index }}] {{ doc.content }}
{% endfor %}Question: {{ question }}`;

function buildPipeline(store: InMemoryDocumentStore) {
  return new Pipeline({ metadata: { name: 'hybrid' } })
    .addComponent('embedder', new HashingTextEmbedder())
    .addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 4 }))
    .addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store, topK: 4 }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
    .addComponent('limiter', new DocumentLimiter({ topK: 3 }))
    .addComponent('prompt', new PromptBuilder({ template: TEMPLATE, requiredVariables: ['question', 'documents'] }))
    .connect('embedder', 'vector')
    .connect('vector', 'joiner')
    .connect('keyword', 'joiner')
    .connect('joiner', 'limiter')
    .connect('limiter', 'prompt.documents');
}

const QUESTION = 'What is the capital of France?';
const runInputs = () => ({ embedder: { text: QUESTION }, keyword: { query: QUESTION }, prompt: { question: QUESTION } });

describe('hybrid pipeline on the in-memory store', () => {
  let store: InMemoryDocumentStore;
  let docs: Document[];

  beforeAll(async () => {
    store = new InMemoryDocumentStore({ index: INDEX, embeddingSimilarityFunction: 'cosine' });
    docs = TEXTS.map(([content, meta]) => createDocument({ content, meta, embedding: embed(content) }));
    expect(await store.writeDocuments(docs)).toBe(docs.length);
  });
  afterAll(() => {
    InMemoryDocumentStore.dropIndex(INDEX);
  });

  it('retrieves from both retrievers, fuses, limits and builds the prompt', async () => {
    const tracer = new RecordingTracer();
    const result = await buildPipeline(store).run(runInputs(), { includeOutputsFrom: ['joiner', 'limiter'], tracer });
    const joined = result.joiner?.documents ?? [];
    const limited = result.limiter?.documents ?? [];
    const prompt = result.prompt?.prompt ?? '';

    expect(joined[0]!.content).toBe(TEXTS[0]![0]); // Paris/France is first in both lists → RRF score 1.0
    expect(joined[0]!.score).toBeCloseTo(1, 10);
    expect(limited).toHaveLength(3);
    expect(limited.map((d) => d.id)).toEqual(joined.slice(0, 3).map((d) => d.id));
    expect(prompt).toContain(`[1] ${TEXTS[0]![0]}`);
    expect(prompt).toContain(`Question: ${QUESTION}`);
    expect(prompt).not.toContain('Photosynthesis');

    const ran = tracer.events.filter((e) => e.type === 'component:end').map((e) => (e as { component: string }).component);
    expect(new Set(ran)).toEqual(new Set(['embedder', 'vector', 'keyword', 'joiner', 'limiter', 'prompt']));
    expect(ran.indexOf('joiner')).toBeGreaterThan(Math.max(ran.indexOf('vector'), ran.indexOf('keyword')));
  });

  it('round-trips through JSON and YAML and produces the same output', async () => {
    const original = buildPipeline(store);
    const expected = await original.run(runInputs());

    const json = JSON.parse(JSON.stringify(original.toJSON()));
    const fromJson = Pipeline.fromJSON(json);
    expect(fromJson.toJSON()).toEqual(original.toJSON());
    expect(await fromJson.run(runInputs())).toEqual(expected);

    const yaml = original.dumps();
    expect(yaml).toContain('core.DocumentJoiner');
    const fromYaml = Pipeline.loads(yaml);
    expect(fromYaml.toJSON()).toEqual(original.toJSON());
    expect(await fromYaml.run(runInputs())).toEqual(expected);
  });

  it('draws the graph as Mermaid', () => {
    const mermaid = buildPipeline(store).draw();
    expect(mermaid).toMatch(/^graph TD/);
    for (const name of ['embedder', 'vector', 'keyword', 'joiner', 'limiter', 'prompt']) expect(mermaid).toContain(name);
  });

  it('applies run-time filters through the retrievers', async () => {
    const filters = { field: 'meta.topic', operator: '==', value: 'biology' } as const;
    const result = await buildPipeline(store).run(
      { ...runInputs(), vector: { filters }, keyword: { query: QUESTION, filters } },
      { includeOutputsFrom: ['joiner'] },
    );
    // The embedding retriever (topK 4) returns every biology document there is (2); BM25 adds
    // none outside the filter, so the joined set is exactly the two biology documents.
    const joined = result.joiner?.documents ?? [];
    const biology = TEXTS.filter(([, meta]) => meta.topic === 'biology').map(([content]) => content);
    expect(joined.map((d) => d.content).sort()).toEqual([...biology].sort());
  });

  describe('documented errors', () => {
    it('PipelineConnectError lists sockets and types on incompatible connections', () => {
      const p = buildPipeline(store).addComponent('embedder2', new HashingTextEmbedder());
      expect(() => p.connect('embedder2.embedding', 'prompt.template')).toThrow(PipelineConnectError);
      expect(() => p.connect('embedder2.embedding', 'prompt.template')).toThrow(/number\[\]/);
      // @ts-expect-error -- no component "nope" (checked at run time too)
      expect(() => p.connect('nope', 'joiner')).toThrow(PipelineConnectError);
      // A second sender into a list socket is accepted: Haystack joins the lists (docs/pipelines.md).
      expect(() => p.connect('embedder2', 'vector')).not.toThrow();
      expect(() => p.connect('embedder2', 'vector')).toThrow(/already connected/i);
    });

    it('PipelineValidationError for missing inputs, unknown components/sockets and inputs fed by connections', async () => {
      const p = buildPipeline(store);
      await expect(p.run({ keyword: { query: 'x' }, prompt: { question: 'x' } })).rejects.toThrow(PipelineValidationError);
      await expect(p.run({ keyword: { query: 'x' }, prompt: { question: 'x' } })).rejects.toThrow(
        /"embedder" needs input "text"/,
      );
      await expect(p.run({ ...runInputs(), ghost: { a: 1 } })).rejects.toThrow(/ghost/);
      await expect(p.run({ ...runInputs(), keyword: { query: 'x', nope: 1 } })).rejects.toThrow(/nope/);
      // A value for a connected list socket is joined with what arrives (Haystack's smart connection).
      const joined = await p.run({ ...runInputs(), limiter: { documents: [docs[0]!] } }, { includeOutputsFrom: ['limiter'] });
      expect(joined.limiter?.documents?.[0]?.id).toBe(docs[0]!.id);
    });

    it('ComponentError wraps a failing component with its name', async () => {
      const p = buildPipeline(store);
      const bad = { ...runInputs(), keyword: { query: QUESTION, filters: { field: 'year', operator: '==', value: 1 } } };
      const error = await p.run(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ComponentError);
      expect((error as ComponentError).message).toMatch(/"keyword".*did you mean "meta\.year"/s);
      const failing = await p
        .run({ ...runInputs(), vector: { filters: { field: 'meta.year', operator: '>', value: 'soon' } } })
        .catch((e: unknown) => e);
      expect(failing).toBeInstanceOf(ComponentError);
      expect((failing as ComponentError).component).toBe('vector');
      expect((failing as ComponentError).cause).toBeInstanceOf(FilterError);
    });

    it('InvalidOptionsError, TemplateError and SerializationError name the problem', async () => {
      expect(() => new DocumentLimiter({ topK: -1 })).toThrow(InvalidOptionsError);
      expect(() => new DocumentLimiter({ topK: -1 })).toThrow(/topK/);
      const prompt = new PromptBuilder({ template: '{{ a }} {{ b }}', requiredVariables: '*' });
      await expect(prompt.run({ a: 1 })).rejects.toThrow(TemplateError);
      await expect(prompt.run({ a: 1 })).rejects.toThrow(/\bb\b/);
      expect(() => Pipeline.fromJSON({ components: { x: { type: 'nope.Nope', options: {} } }, connections: [] })).toThrow(
        SerializationError,
      );
    });

    it('PipelineMaxRunsError stops a loop that never exits', async () => {
      const Echo = defineComponent({
        type: 'test.Echo',
        inputs: { value: { schema: z.number(), variadic: true } },
        outputs: { value: { schema: z.number() } },
        run: ({ value }) => ({ value: (value.at(-1) ?? 0) + 1 }),
      });
      const p = new Pipeline({ maxRunsPerComponent: 5 }).addComponent('a', new Echo()).addComponent('b', new Echo());
      p.connect('a.value', 'b.value').connect('b.value', 'a.value');
      await expect(p.run({ a: { value: 0 } })).rejects.toThrow(PipelineMaxRunsError);
    });
  });
});
