/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: file conversion pipelines with joiners and auto joiners, smart ChatMessage/str connections, blocked and bad pipelines.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { type Source, schemas } from '../../test/haystack-components.js';
import {
  chatGenerator,
  doc,
  fakeRetriever,
  pipelineOf,
  recordCalls,
  runScenario,
  validationLoop,
} from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { type ChatMessage, ChatMessages } from '../chat/chat-message.js';
import type { Document } from '../document.js';
import { ComponentError, PipelineComponentsBlockedError, PipelineConversionError, PipelineMaxRunsError } from '../errors.js';
import type { Pipeline } from './pipeline.js';

/** A chat generator replying `replies`, connected to a retriever (its `query`, a string) that finds `found`. */
const chatToRetriever = (replies: ChatMessage[], found: Document[]) =>
  pipelineOf(
    { maxRunsPerComponent: 1 },
    { chat_generator: chatGenerator(() => replies), retriever: fakeRetriever(() => found) },
    ['chat_generator -> retriever'],
  );

describe("Haystack's pipeline_run.feature: joiners, smart connections and blocked runs", () => {
  const source = (mime: string, text: string, fileType: string): Source => ({ mime, text, meta: { file_type: fileType } });
  const asDoc = (src: Source): Document => ({
    id: `${src.meta['file_type'] as string}:${src.text}`,
    content: src.text,
    meta: src.meta as Document['meta'],
  });
  const splitDoc = (d: Document, i: number, content: string): Document => ({
    ...d,
    id: `${d.id}#${i}`,
    content,
    meta: { ...d.meta, split_id: i },
  });

  const MIME_TYPES = { txt: 'text/plain', csv: 'text/csv', json: 'application/json', html: 'text/html' } as const;
  type FileType = keyof typeof MIME_TYPES;
  /**
   * The start every conversion pipeline shares: a file type router, a word splitter (3 words)
   * and one `<type>_converter` per file type, the router sending it its sources; then the
   * scenario's own `components` and `edges`.
   */
  const conversion = (
    maxRunsPerComponent: number,
    types: FileType[],
    components: Record<string, TestComponent>,
    edges: string[],
  ): Pipeline => {
    const router = hs.fileTypeRouter(types.map((t) => MIME_TYPES[t]));
    const converters = Object.fromEntries(types.map((t) => [`${t}_converter`, hs.converter()]));
    const routes = types.map((t) => `router.${MIME_TYPES[t]} -> ${t}_converter.sources`);
    return pipelineOf({ maxRunsPerComponent }, { router, splitter: hs.wordSplitter(3), ...converters, ...components }, [
      ...routes,
      ...edges,
    ]);
  };

  it('that is a file conversion pipeline with two joiners', async () => {
    const p = conversion(1, ['txt', 'csv', 'json'], { b_joiner: hs.documentJoiner(), a_joiner: hs.documentJoiner() }, [
      'txt_converter.documents -> b_joiner.documents',
      'json_converter.documents -> b_joiner.documents',
      'csv_converter.documents -> a_joiner.documents',
      'b_joiner.documents -> splitter.documents',
      'splitter.documents -> a_joiner.documents',
    ]);
    const sources = [
      source('text/csv', 'some,header,row 0,1,0', 'csv'),
      source('text/plain', 'Text file content for testing this.', 'txt'),
      source('application/json', 'A Foo Document', 'json'),
    ];
    const [csv, txt, json] = sources.map(asDoc) as [Document, Document, Document];
    // b_joiner's senders ran in one wave, by name: json_converter before txt_converter.
    const splits = [
      splitDoc(json, 0, 'A Foo Document'),
      splitDoc(txt, 0, 'Text file content'),
      splitDoc(txt, 1, 'for testing this.'),
    ];
    await runScenario(p, [
      {
        inputs: { router: { sources } },
        // The csv document first: its sender ran before the splitter.
        outputs: { a_joiner: { documents: [csv, ...splits] } },
        calls: {
          'router#1': { sources },
          'csv_converter#1': { sources: [sources[0]] },
          'txt_converter#1': { sources: [sources[1]] },
          'json_converter#1': { sources: [sources[2]] },
          'b_joiner#1': { documents: [[json], [txt]] },
          'splitter#1': { documents: [json, txt] },
          'a_joiner#1': { documents: [[csv], splits] },
        },
      },
    ]);
  });

  const ALL_TYPES: FileType[] = ['txt', 'csv', 'json', 'html'];
  /** Text and JSON documents joined, then split in words; CSV and HTML ones joined, then split in pages; both joined. */
  const threeJoiners = (maxRunsPerComponent: number, components: Record<string, TestComponent> = {}, edges: string[] = []) =>
    conversion(
      maxRunsPerComponent,
      ALL_TYPES,
      {
        joiner: hs.documentJoiner(),
        DocumentJoiner_1: hs.documentJoiner(),
        DocumentJoiner_2: hs.documentJoiner(),
        page_splitter: hs.wordSplitter(1000),
        ...components,
      },
      [
        'txt_converter.documents -> joiner.documents',
        'json_converter.documents -> joiner.documents',
        'csv_converter.documents -> DocumentJoiner_1.documents',
        'html_converter.documents -> DocumentJoiner_1.documents',
        'joiner.documents -> splitter.documents',
        'DocumentJoiner_1.documents -> page_splitter.documents',
        'splitter.documents -> DocumentJoiner_2.documents',
        'page_splitter.documents -> DocumentJoiner_2.documents',
        ...edges,
      ],
    );
  const textAndHtml = [source('text/plain', 'Text file content', 'txt'), source('text/html', 'Some content', 'html')];
  const [txtDoc, htmlDoc] = textAndHtml.map(asDoc) as [Document, Document];
  const txtSplit = splitDoc(txtDoc, 0, 'Text file content');
  const htmlPage = splitDoc(htmlDoc, 0, 'Some content');

  /** The calls up to the last joiner, the same with or without the loop after it. */
  const threeJoinerCalls = {
    'router#1': { sources: textAndHtml },
    'html_converter#1': { sources: [textAndHtml[1]] },
    'txt_converter#1': { sources: [textAndHtml[0]] },
    'joiner#1': { documents: [[txtDoc]] },
    'DocumentJoiner_1#1': { documents: [[htmlDoc]] },
    'DocumentJoiner_2#1': { documents: [[htmlPage], [txtSplit]] },
    'splitter#1': { documents: [txtDoc] },
    'page_splitter#1': { documents: [htmlDoc] },
  };

  it('that is a file conversion pipeline with three joiners', async () => {
    await runScenario(threeJoiners(1), [
      {
        inputs: { router: { sources: textAndHtml } },
        // Haystack: any order. Ours: both splitters run in one wave, by name (page_splitter first).
        outputs: { DocumentJoiner_2: { documents: [htmlPage, txtSplit] } },
        calls: threeJoinerCalls,
      },
    ]);
  });

  it('that is a file conversion pipeline with three joiners and a loop', async () => {
    let iteration = 0;
    const extractor = new TestComponent(
      'hs.FakeDataExtractor',
      { documents: { schema: schemas.docs } },
      { documents: { schema: schemas.docs } },
      ({ documents }) => {
        iteration = (iteration % 2) + 1;
        const sorted = [...(documents as Document[])].sort((a, b) =>
          String(a.meta['file_type']).localeCompare(String(b.meta['file_type'])),
        );
        return { documents: sorted.map((d) => ({ ...d, meta: { ...d.meta, iteration } })) };
      },
    );
    const iterationIs = (n: number) => (v: Record<string, unknown>) => (v['documents'] as Document[])[0]!.meta['iteration'] === n;
    const extractionRouter = hs.conditionalRouter({ documents: schemas.docs }, [
      hs.route('continue', schemas.docs, iterationIs(1), 'documents'),
      hs.route('stop', schemas.docs, iterationIs(2), 'documents'),
    ]);
    const p = threeJoiners(
      2,
      { metadata_generator: extractor, extraction_router: extractionRouter, branch_joiner: hs.branchJoiner(schemas.docs) },
      [
        'DocumentJoiner_2.documents -> branch_joiner.value',
        'branch_joiner.value -> metadata_generator.documents',
        'metadata_generator.documents -> extraction_router.documents',
        'extraction_router.continue -> branch_joiner.value',
      ],
    );
    const withIteration = (n: number) => [htmlPage, txtSplit].map((d) => ({ ...d, meta: { ...d.meta, iteration: n } }));
    await runScenario(p, [
      {
        inputs: { router: { sources: textAndHtml } },
        outputs: { extraction_router: { stop: withIteration(2) } },
        calls: {
          ...threeJoinerCalls,
          'branch_joiner#1': { value: [[htmlPage, txtSplit]] },
          'metadata_generator#1': { documents: [htmlPage, txtSplit] },
          'extraction_router#1': { documents: withIteration(1) },
          'branch_joiner#2': { value: [withIteration(1)] },
          'metadata_generator#2': { documents: withIteration(1) },
          'extraction_router#2': { documents: withIteration(2) },
        },
      },
    ]);
  });

  it('that is blocked because not enough component inputs', async () => {
    const router = hs.conditionalRouter({ streams: z.array(schemas.num), query: schemas.str }, [
      hs.route('query', schemas.str, (v) => (v['streams'] as number[]).length < 2, 'query'),
      hs.route('streams', z.array(schemas.num), (v) => (v['streams'] as number[]).length >= 2, 'streams'),
    ]);
    const payloadBuilder = new TestComponent(
      'hs.PayloadBuilder',
      { streams: { schema: z.array(schemas.num) }, query: { schema: schemas.str } },
      { payload: { schema: z.record(z.string(), z.unknown()) } },
      (inputs) => ({ payload: inputs }),
    );
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { router, payload_builder: payloadBuilder }, [
      'router.streams -> payload_builder.streams',
      'router.query -> payload_builder.query',
    ]);
    // Blocked after the router: the run ends (only a run that cannot start at all is an error).
    await runScenario(p, [
      {
        inputs: { router: { streams: [1, 2, 3], query: 'Haystack' } },
        outputs: {},
        calls: { 'router#1': { streams: [1, 2, 3], query: 'Haystack' } },
      },
    ]);
  });

  it('that is a file conversion pipeline with three auto joiners', async () => {
    const writer = new TestComponent(
      'hs.MockDocumentWriter',
      { documents: { schema: schemas.docs } },
      { documents_written: { schema: schemas.num } },
      ({ documents }) => ({ documents_written: (documents as Document[]).length }),
    );
    // No joiner components: several senders into one list socket join their lists (smart connection).
    const p = conversion(1, ALL_TYPES, { writer, page_splitter: hs.wordSplitter(1000) }, [
      'txt_converter.documents -> splitter.documents',
      'json_converter.documents -> splitter.documents',
      'csv_converter.documents -> page_splitter.documents',
      'html_converter.documents -> page_splitter.documents',
      'splitter.documents -> writer.documents',
      'page_splitter.documents -> writer.documents',
    ]);
    await runScenario(p, [
      {
        inputs: { router: { sources: textAndHtml } },
        outputs: { writer: { documents_written: 2 } },
        calls: {
          'router#1': { sources: textAndHtml },
          'html_converter#1': { sources: [textAndHtml[1]] },
          'txt_converter#1': { sources: [textAndHtml[0]] },
          'writer#1': { documents: [htmlPage, txtSplit] },
          'splitter#1': { documents: [txtDoc] },
          'page_splitter#1': { documents: [htmlDoc] },
        },
      },
    ]);
  });

  it('that has an auto joiner that takes in user inputs', async () => {
    const retriever = new TestComponent(
      'hs.FakeRetriever',
      { query: { schema: schemas.str } },
      { documents: { schema: schemas.docs } },
      ({ query }) => ({
        documents: [doc(`Document for query: ${query as string}`, { id: 'retrieved' })],
      }),
    );
    const ranker = hs.passThrough('hs.FakeRanker', 'documents', schemas.docs);
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { retriever, ranker }, ['retriever.documents -> ranker.documents']);
    const userDoc = doc('User document', { id: 'user' });
    const retrieved = doc('Document for query: test query', { id: 'retrieved' });
    await runScenario(p, [
      {
        inputs: { retriever: { query: 'test query' }, ranker: { documents: [userDoc] } },
        outputs: { ranker: { documents: [userDoc, retrieved] } },
        calls: { 'retriever#1': { query: 'test query' }, 'ranker#1': { documents: [userDoc, retrieved] } },
      },
    ]);
  });

  it('that performs automatic conversion between list of ChatMessage and str', async () => {
    const found = doc('Pisa tower height is 55 meters', { id: 'pisa' });
    const p = chatToRetriever([ChatMessages.assistant('Pisa tower height')], [found]);
    expect(p.connections()[0]).toMatchObject({ sender: 'chat_generator.replies', receiver: 'retriever.query' });
    const userQuery = 'Rephrase the following question for a search engine: how tall is the tower of Pisa?';
    await runScenario(p, [
      {
        inputs: { chat_generator: { messages: [ChatMessages.user(userQuery)] } },
        outputs: { retriever: { documents: [found] } },
        calls: {
          'chat_generator#1': { messages: [ChatMessages.user(userQuery)] },
          'retriever#1': { query: 'Pisa tower height' },
        },
      },
    ]);
  });

  it('that performs automatic conversion wrapping ChatMessage for a Union receiver', async () => {
    const agent = new TestComponent(
      'hs.FakeAgent',
      { messages: { schema: schemas.messages } },
      { last_message: { schema: schemas.chatMessage } },
      () => ({
        last_message: ChatMessages.assistant('Pisa tower is 55 meters tall'),
      }),
    );
    const builder = new TestComponent(
      'hs.FakeAnswerBuilder',
      { query: { schema: schemas.str }, replies: { schema: z.union([z.array(schemas.str), schemas.messages]) } },
      { answers: { schema: z.array(schemas.str) } },
      ({ replies }) => ({
        answers: (replies as ({ content: string } | string)[]).map((r) => (typeof r === 'string' ? r : r.content)),
      }),
    );
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { agent, answer_builder: builder }, [
      'agent.last_message -> answer_builder.replies',
    ]);
    const userQuery = 'How tall is the tower of Pisa?';
    const messages = [ChatMessages.user(userQuery)];
    await runScenario(p, [
      {
        inputs: { agent: { messages }, answer_builder: { query: userQuery } },
        outputs: { answer_builder: { answers: ['Pisa tower is 55 meters tall'] } },
        calls: {
          'agent#1': { messages },
          'answer_builder#1': { query: userQuery, replies: [ChatMessages.assistant('Pisa tower is 55 meters tall')] },
        },
      },
    ]);
  });
});

describe("Haystack's pipeline_run.feature: running a bad pipeline", () => {
  it('that has an infinite loop → PipelineMaxRunsError (Haystack: PipelineMaxComponentRuns)', async () => {
    const routes = () =>
      hs.conditionalRouter({ number: schemas.num }, [
        hs.route('big_number', schemas.num, (v) => (v['number'] as number) > 2, 'number'),
        hs.route(
          'small_number',
          schemas.num,
          (v) => (v['number'] as number) <= 2,
          (v) => (v['number'] as number) + 2,
        ),
      ]);
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      { main_input: hs.branchJoiner(schemas.num), first_router: routes(), second_router: routes() },
      [
        'main_input -> first_router.number',
        'first_router.big_number -> second_router.number',
        'second_router.big_number -> main_input',
      ],
    );
    await expect(p.run({ main_input: { value: 3 } })).rejects.toBeInstanceOf(PipelineMaxRunsError);
  });

  it("that has a component that doesn't return a dictionary → ComponentError (Haystack: PipelineRuntimeError)", async () => {
    const broken = new TestComponent(
      'hs.BrokenComponent',
      { a: { schema: schemas.num } },
      { b: { schema: schemas.num } },
      () => 1 as unknown as Record<string, unknown>,
    );
    const p = pipelineOf({ maxRunsPerComponent: 10 }, { comp: broken });
    const error = await p.run({ comp: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as Error).message).toMatch(/run\(\) must resolve to an object keyed by output socket, got a number/);
  });

  it('that has a cycle that would get it stuck → PipelineComponentsBlockedError', async () => {
    // All the prompt builder's inputs are mandatory: two of them can only come from later in the loop.
    const variables = ['comment', 'invalid_replies', 'error_message'];
    const p = validationLoop(1, hs.promptBuilder({ variables, required: variables, render: () => '' }));
    const { calls, tracer } = recordCalls();
    const error = await p
      .run({ prompt_builder: { comment: 'I loved the quality of the meal but the courier was rude' } }, { tracer })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineComponentsBlockedError);
    expect((error as PipelineComponentsBlockedError).components).toEqual(['prompt_builder']);
    expect(calls).toEqual({});
  });

  it('that fails automatic conversion between list of ChatMessage and str → PipelineConversionError (Haystack: PipelineRuntimeError)', async () => {
    // Our ChatMessage always has text, so the failing case is a list that cannot become one
    // string without dropping items (Haystack refuses it too).
    const p = chatToRetriever([ChatMessages.assistant('one'), ChatMessages.assistant('two')], []);
    const { calls, tracer } = recordCalls();
    const userQuery = 'Find info on Milano Cortina Olympic Winter Games';
    const error = await p
      .run({ chat_generator: { messages: [ChatMessages.user(userQuery)] } }, { tracer })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConversionError);
    expect((error as Error).message).toMatch(/chat_generator\.replies to retriever\.query .*cannot unwrap a list of 2 items/);
    expect(calls).toEqual({ 'chat_generator#1': { messages: [ChatMessages.user(userQuery)] } });
  });
});
