import {
  createDocument,
  defineComponent,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  type InputSockets,
  InvalidOptionsError,
  type OutputSockets,
  Pipeline,
  type RunInputs,
  type RunOutputs,
  SocketSchemas,
} from '@synapse-rag/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { createIndexingPipeline } from './indexing-pipeline.js';
import { SILENT_LOGGER } from './logger.js';
import { queryInputs } from './query-inputs.js';
import { queryPathFor } from './query-path.js';
import { createQueryPipeline } from './query-pipeline.js';

/** Every fake logs its label here when it runs, so a test can assert which components ran, in order. */
const calls: string[] = [];

/** A fake component: logs `label` in {@link calls} when it runs, then answers with `answer`. */
function fake<I extends InputSockets, O extends OutputSockets>(
  label: string,
  sockets: { inputs: I; outputs: O },
  answer: (inputs: RunInputs<I>) => RunOutputs<O>,
) {
  const Fake = defineComponent({
    type: `test.${label}`,
    ...sockets,
    run: (inputs) => {
      calls.push(label);
      return answer(inputs);
    },
  });
  return new Fake();
}

const TEXT = { schema: SocketSchemas.text };
const DOCUMENTS = { schema: SocketSchemas.documents };
/** 'paris' texts point at [1, 0], everything else at [0, 1]. */
const embeddingOf = (text: string) => (/paris/i.test(text) ? [1, 0] : [0, 1]);

const fakeTextEmbedder = () =>
  fake('textEmbedder', { inputs: { text: TEXT }, outputs: { embedding: { schema: SocketSchemas.embedding } } }, ({ text }) => ({
    embedding: embeddingOf(text),
  }));
/** Fake document embedder / filter / limiter: passes documents through, embedding those without one by content. */
const fakeDocs = (label: string) =>
  fake(label, { inputs: { documents: DOCUMENTS }, outputs: { documents: DOCUMENTS } }, ({ documents }) => ({
    documents: documents.map((d) => ({ ...d, embedding: d.embedding ?? embeddingOf(d.content) })),
  }));
/** Fake ranker: keeps the order, at most 2. */
const fakeRanker = () =>
  fake('ranker', { inputs: { query: TEXT, documents: DOCUMENTS }, outputs: { documents: DOCUMENTS } }, ({ documents }) => ({
    documents: documents.slice(0, 2),
  }));
/** Fake prompt builder: the query and the document ids. */
const fakePromptBuilder = () =>
  fake('promptBuilder', { inputs: { documents: DOCUMENTS, query: TEXT }, outputs: { prompt: TEXT } }, ({ documents, query }) => ({
    prompt: `${query} | ${documents.map((d) => d.id).join(',')}`,
  }));
/** Fake LLM generator: echoes the prompt. */
const fakeGenerator = () =>
  fake('generator', { inputs: { prompt: TEXT }, outputs: { replies: { schema: SocketSchemas.texts } } }, ({ prompt }) => ({
    replies: [`echo: ${prompt}`],
  }));

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
    textEmbedder: fakeTextEmbedder(),
    promptBuilder: fakePromptBuilder(),
    generator: fakeGenerator(),
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
        scoreFilter: fakeDocs('scoreFilter'),
        limiter: fakeDocs('limiter'),
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
        ranker: fakeRanker(),
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
    const pipeline = createQueryPipeline(hybridStore.flagSource, { textEmbedder: fakeTextEmbedder(), hybridStore });
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
        documentEmbedder: fakeDocs('documentEmbedder'),
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
