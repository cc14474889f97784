import {
  BaseComponent,
  createDocument,
  type Document,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  InvalidOptionsError,
  inputSockets,
  outputSockets,
  Pipeline,
  type RunInputs,
  type RunOutputs,
  SocketSchemas,
} from '@synapse-rag/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { createIndexingPipeline } from './indexing-pipeline.js';
import { SILENT_LOGGER } from './logger.js';
import { queryInputs } from './query-inputs.js';
import { queryPathFor } from './query-path.js';
import { createQueryPipeline } from './query-pipeline.js';

const calls: string[] = [];
const NO_OPTIONS = z.strictObject({});

const EMBED_IN = inputSockets({ text: { schema: SocketSchemas.text } });
const EMBED_OUT = outputSockets({ embedding: { schema: SocketSchemas.embedding } });
/** Fake text embedder: 'paris' questions point at [1, 0], everything else at [0, 1]. */
class FakeTextEmbedder extends BaseComponent<Record<string, never>, typeof EMBED_IN, typeof EMBED_OUT> {
  static readonly type = 'test.FakeTextEmbedder';
  readonly inputSockets = EMBED_IN;
  readonly outputSockets = EMBED_OUT;
  constructor() {
    super(NO_OPTIONS, {});
  }
  async run({ text }: RunInputs<typeof EMBED_IN>): Promise<RunOutputs<typeof EMBED_OUT>> {
    calls.push('textEmbedder');
    return { embedding: /paris/i.test(text) ? [1, 0] : [0, 1] };
  }
}

const DOCS_IN = inputSockets({ documents: { schema: SocketSchemas.documents } });
const DOCS_OUT = outputSockets({ documents: { schema: SocketSchemas.documents } });
/** Fake document embedder / filter / limiter: passes documents through, embedding them by content. */
class FakeDocs extends BaseComponent<Record<string, never>, typeof DOCS_IN, typeof DOCS_OUT> {
  static readonly type = 'test.FakeDocs';
  readonly inputSockets = DOCS_IN;
  readonly outputSockets = DOCS_OUT;
  constructor(private readonly label: string) {
    super(NO_OPTIONS, {});
  }
  async run({ documents }: RunInputs<typeof DOCS_IN>): Promise<RunOutputs<typeof DOCS_OUT>> {
    calls.push(this.label);
    return {
      documents: documents.map((d) => ({ ...d, embedding: d.embedding ?? (/paris/i.test(d.content) ? [1, 0] : [0, 1]) })),
    };
  }
}

const RANK_IN = inputSockets({ query: { schema: SocketSchemas.text }, documents: { schema: SocketSchemas.documents } });
/** Fake ranker: keeps the order, at most 2. */
class FakeRanker extends BaseComponent<Record<string, never>, typeof RANK_IN, typeof DOCS_OUT> {
  static readonly type = 'test.FakeRanker';
  readonly inputSockets = RANK_IN;
  readonly outputSockets = DOCS_OUT;
  constructor() {
    super(NO_OPTIONS, {});
  }
  async run({ documents }: RunInputs<typeof RANK_IN>): Promise<RunOutputs<typeof DOCS_OUT>> {
    calls.push('ranker');
    return { documents: documents.slice(0, 2) };
  }
}

const PROMPT_IN = inputSockets({ documents: { schema: SocketSchemas.documents }, query: { schema: SocketSchemas.text } });
const PROMPT_OUT = outputSockets({ prompt: { schema: SocketSchemas.text } });
class FakePromptBuilder extends BaseComponent<Record<string, never>, typeof PROMPT_IN, typeof PROMPT_OUT> {
  static readonly type = 'test.FakePromptBuilder';
  readonly inputSockets = PROMPT_IN;
  readonly outputSockets = PROMPT_OUT;
  constructor() {
    super(NO_OPTIONS, {});
  }
  async run({ documents, query }: RunInputs<typeof PROMPT_IN>): Promise<RunOutputs<typeof PROMPT_OUT>> {
    calls.push('promptBuilder');
    return { prompt: `${query} | ${documents.map((d: Document) => d.id).join(',')}` };
  }
}

const GEN_IN = inputSockets({ prompt: { schema: SocketSchemas.text } });
const GEN_OUT = outputSockets({ replies: { schema: SocketSchemas.texts } });
/** Fake LLM generator: echoes the prompt. */
class FakeGenerator extends BaseComponent<Record<string, never>, typeof GEN_IN, typeof GEN_OUT> {
  static readonly type = 'test.FakeGenerator';
  readonly inputSockets = GEN_IN;
  readonly outputSockets = GEN_OUT;
  constructor() {
    super(NO_OPTIONS, {});
  }
  async run({ prompt }: RunInputs<typeof GEN_IN>): Promise<RunOutputs<typeof GEN_OUT>> {
    calls.push('generator');
    return { replies: [`echo: ${prompt}`] };
  }
}

const corpus = () => [
  createDocument({ id: 'paris', content: 'Paris is the capital of France', embedding: [1, 0] }),
  createDocument({ id: 'plants', content: 'Plants use photosynthesis', embedding: [0, 1] }),
];

describe('createQueryPipeline / createIndexingPipeline with every component swapped for a fake', () => {
  let legacy: InMemoryDocumentStore;
  let target: InMemoryDocumentStore;
  beforeEach(async () => {
    calls.length = 0;
    legacy = new InMemoryDocumentStore();
    target = new InMemoryDocumentStore();
    await legacy.writeDocuments(corpus());
    await target.writeDocuments(corpus());
  });

  const common = () => ({
    textEmbedder: new FakeTextEmbedder(),
    promptBuilder: new FakePromptBuilder(),
    generator: new FakeGenerator(),
  });

  it('queryPathFor picks the path from the flags', () => {
    const f = (o: object) => ({
      usePgvector: false,
      pgvectorReadPercentage: 0,
      enableDualWrite: false,
      enableShadowReads: false,
      shadowReadSampleRate: 1,
      ...o,
    });
    expect(queryPathFor(f({}))).toBe('chroma');
    expect(queryPathFor(f({ pgvectorReadPercentage: 10 }))).toBe('routed');
    expect(queryPathFor(f({ enableShadowReads: true }))).toBe('routed');
    expect(queryPathFor(f({ usePgvector: true, pgvectorReadPercentage: 10 }))).toBe('pgvector');
  });

  it('Chroma path: embedder → retriever → score filter → limiter → prompt builder → generator', async () => {
    const pipeline = createQueryPipeline(
      {},
      {
        ...common(),
        embeddingRetriever: new InMemoryEmbeddingRetriever({ documentStore: legacy, topK: 50 }),
        scoreFilter: new FakeDocs('scoreFilter'),
        limiter: new FakeDocs('limiter'),
      },
    );
    expect(pipeline.componentNames().sort()).toEqual([
      'doc_limiter',
      'generator',
      'prompt_builder',
      'retriever',
      'score_filter',
      'text_embedder',
    ]);
    const result = await pipeline.run(queryInputs(pipeline, 'Where is Paris?'));
    expect(result.generator!.replies).toEqual(['echo: Where is Paris? | paris,plants']);
    expect(calls).toEqual(['textEmbedder', 'scoreFilter', 'limiter', 'promptBuilder', 'generator']);
    expect(pipeline.toJSON().metadata).toMatchObject({ path: 'chroma' });
    expect(pipeline.draw()).toContain('score_filter');
  });

  it('pgvector path: embedding + keyword retrievers → RRF joiner (0.7 / 0.3) → ranker → prompt builder → generator', async () => {
    const pipeline = createQueryPipeline(
      { usePgvector: true },
      {
        ...common(),
        embeddingRetriever: new InMemoryEmbeddingRetriever({ documentStore: target, topK: 20 }),
        keywordRetriever: new InMemoryBM25Retriever({ documentStore: target, topK: 20 }),
        ranker: new FakeRanker(),
      },
    );
    expect(pipeline.toJSON().components.joiner).toMatchObject({
      options: { joinMode: 'reciprocal_rank_fusion', weights: [0.7, 0.3] },
    });
    const result = await pipeline.run(queryInputs(pipeline, 'capital Paris'));
    expect((result.generator!.replies as string[])[0]).toMatch(/^echo: capital Paris \| paris/);
    expect(calls).toEqual(['textEmbedder', 'ranker', 'promptBuilder', 'generator']);
  });

  it('routed path: the hybrid routing retrievers take routingKey; the default extractive generator answers', async () => {
    const hybridStore = new HybridDocumentStore({ legacy, target, flags: { pgvectorReadPercentage: 50 }, logger: SILENT_LOGGER });
    const pipeline = createQueryPipeline(hybridStore.flagSource, { textEmbedder: new FakeTextEmbedder(), hybridStore });
    const inputs = queryInputs(pipeline, 'What is the capital of France? Paris?', 'user-1');
    expect(inputs.embedding_retriever).toMatchObject({ routingKey: 'user-1' });
    expect(inputs.keyword_retriever).toMatchObject({ routingKey: 'user-1', query: 'What is the capital of France? Paris?' });
    const result = await pipeline.run(inputs);
    expect((result.generator!.replies as string[])[0]).toContain('Paris is the capital of France');
    expect(result.prompt_builder!.prompt).toContain('[1] Paris is the capital of France');
  });

  it('the routed pipeline with its default components serializes and loads back', () => {
    const hybridStore = new HybridDocumentStore({ legacy, target, flags: { pgvectorReadPercentage: 50 }, logger: SILENT_LOGGER });
    const pipeline = createQueryPipeline(hybridStore.flagSource, { hybridStore });
    const json = pipeline.toJSON({ includeDocuments: false });
    expect(json.stores).toMatchObject({ store: { type: 'migration.HybridDocumentStore' } });
    const loaded = Pipeline.fromJSON(json);
    expect(loaded.componentNames()).toEqual(pipeline.componentNames());
    expect(loaded.toJSON({ includeDocuments: false })).toEqual(json);
  });

  it('indexing: fake document embedder → writer through the hybrid store (dual write)', async () => {
    const emptyLegacy = new InMemoryDocumentStore();
    const emptyTarget = new InMemoryDocumentStore();
    const pipeline = createIndexingPipeline(
      { enableDualWrite: true },
      {
        legacyStore: emptyLegacy,
        targetStore: emptyTarget,
        documentEmbedder: new FakeDocs('documentEmbedder'),
        logger: SILENT_LOGGER,
      },
    );
    const result = await pipeline.run({ document_embedder: { documents: [createDocument({ id: 'x', content: 'Paris' })] } });
    expect(result.writer!.documentsWritten).toBe(1);
    expect(await emptyLegacy.countDocuments()).toBe(1);
    expect((await emptyTarget.filterDocuments())[0]!.embedding).toEqual([1, 0]);
    expect(calls).toEqual(['documentEmbedder']);
  });

  it('missing stores are typed errors naming what is needed', () => {
    expect(() => createQueryPipeline({ usePgvector: true }, common())).toThrow(InvalidOptionsError);
    expect(() => createQueryPipeline({ usePgvector: true }, common())).toThrow(/pgvector path needs deps.targetStore/);
    expect(() => createQueryPipeline({}, common())).toThrow(/chroma path needs deps.legacyStore/);
    expect(() => createQueryPipeline({ pgvectorReadPercentage: 5 }, { ...common(), legacyStore: legacy })).toThrow(
      /deps.hybridStore/,
    );
    expect(() => createIndexingPipeline({ enableDualWrite: true }, { targetStore: target })).toThrow(/deps.hybridStore/);
  });
});
