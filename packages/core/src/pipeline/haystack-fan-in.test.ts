/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: fan-in: lazy variadic sockets and joiners fed by several senders, partial inputs, dynamic defaults.
 */
import { describe, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { doc, pipelineOf, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import type { Document } from '../document.js';

describe("Haystack's pipeline_run.feature: fan-in", () => {
  it('that has multiple branches that merge into a component with a single variadic input', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        add_one: hs.addFixedValue(),
        parity: hs.remainder(2),
        add_ten: hs.addFixedValue(10),
        double: hs.double(),
        add_four: hs.addFixedValue(4),
        add_one_again: hs.addFixedValue(),
        sum: hs.sum(),
      },
      [
        'add_one.result -> parity.value',
        'parity.remainder_is_0 -> add_ten.value',
        'parity.remainder_is_1 -> double.value',
        'add_one.result -> sum.values',
        'add_ten.result -> sum.values',
        'double.value -> sum.values',
        'parity.remainder_is_1 -> add_four.value',
        'add_four.result -> add_one_again.value',
        'add_one_again.result -> sum.values',
      ],
    );
    await runScenario(p, [
      {
        inputs: { add_one: { value: 1 } },
        outputs: { sum: { total: 14 } },
        calls: { 'add_one#1': { value: 1 }, 'add_ten#1': { value: 2 }, 'parity#1': { value: 2 }, 'sum#1': { values: [2, 12] } },
      },
      {
        inputs: { add_one: { value: 2 } },
        outputs: { sum: { total: 17 } },
        calls: {
          'add_four#1': { value: 3 },
          'add_one#1': { value: 2 },
          'add_one_again#1': { value: 7 },
          'double#1': { value: 3 },
          'parity#1': { value: 3 },
          'sum#1': { values: [3, 6, 8] },
        },
      },
    ]);
  });

  it('that has multiple branches of different lengths that merge into a component with a single variadic input', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        first_addition: hs.addFixedValue(2),
        second_addition: hs.addFixedValue(2),
        third_addition: hs.addFixedValue(2),
        sum: hs.sum(),
        fourth_addition: hs.addFixedValue(1),
      },
      [
        'first_addition.result -> second_addition.value',
        'first_addition.result -> sum.values',
        'second_addition.result -> sum.values',
        'third_addition.result -> sum.values',
        'sum.total -> fourth_addition.value',
      ],
    );
    await runScenario(p, [
      {
        inputs: { first_addition: { value: 1 }, third_addition: { value: 1 } },
        outputs: { fourth_addition: { result: 12 } },
        calls: {
          'first_addition#1': { value: 1 },
          'fourth_addition#1': { value: 11 },
          'second_addition#1': { value: 3 },
          // Haystack: any order; ours is the schedule's order (first wave by name, then the second).
          'sum#1': { values: [3, 3, 5] },
          'third_addition#1': { value: 1 },
        },
      },
    ]);
  });

  it('that is linear with conditional branching and multiple joins', async () => {
    const doc1 = doc('This is a document');
    const doc2 = doc('This is another document');
    const router = new TestComponent(
      'hs.FakeRouter',
      { query: { schema: schemas.str } },
      { LEGIT: { schema: schemas.str }, INJECTION: { schema: schemas.str } },
      ({ query }) => ((query as string).includes('injection') ? { INJECTION: query } : { LEGIT: query }),
    );
    const ranker = hs.passThrough('hs.FakeRanker', 'documents', schemas.docs, { query: { schema: schemas.str } });
    const retriever = () =>
      new TestComponent(
        'hs.FakeRetriever',
        { query: { schema: schemas.str } },
        { documents: { schema: schemas.docs } },
        ({ query }) => ({ documents: (query as string).includes('injection') ? [] : [doc1] }),
      );
    const embedder = new TestComponent(
      'hs.MockTextEmbedder',
      { text: { schema: schemas.str } },
      { embedding: { schema: z.array(schemas.num) }, meta: { schema: z.record(z.string(), z.unknown()) } },
      () => ({ embedding: [1, 2, 3], meta: { model: 'mock-model' } }),
    );
    const embeddingRetriever = new TestComponent(
      'hs.FakeEmbeddingRetriever',
      { query_embedding: { schema: z.array(schemas.num) } },
      { documents: { schema: schemas.docs } },
      () => ({ documents: [doc2] }),
    );
    const p = pipelineOf(
      {},
      {
        router,
        text_embedder: embedder,
        retriever: embeddingRetriever,
        emptyretriever: retriever(),
        joinerfinal: hs.documentJoiner(),
        joinerhybrid: hs.documentJoiner(),
        ranker,
        bm25retriever: retriever(),
      },
      [
        'router.INJECTION -> emptyretriever.query',
        'router.LEGIT -> text_embedder.text',
        'text_embedder.embedding -> retriever.query_embedding',
        'router.LEGIT -> ranker.query',
        'router.LEGIT -> bm25retriever.query',
        'bm25retriever -> joinerhybrid.documents',
        'retriever -> joinerhybrid.documents',
        'joinerhybrid.documents -> ranker.documents',
        'ranker -> joinerfinal.documents',
        'emptyretriever -> joinerfinal.documents',
      ],
    );
    const legit = "I'm a legit question";
    const injection = "I'm a nasty prompt injection";
    await runScenario(p, [
      {
        inputs: { router: { query: legit } },
        outputs: { text_embedder: { meta: { model: 'mock-model' } }, joinerfinal: { documents: [doc1, doc2] } },
        calls: {
          'router#1': { query: legit },
          'text_embedder#1': { text: legit },
          'bm25retriever#1': { query: legit },
          'retriever#1': { query_embedding: [1, 2, 3] },
          'joinerhybrid#1': { documents: [[doc1], [doc2]] },
          'ranker#1': { query: legit, documents: [doc1, doc2] },
          'joinerfinal#1': { documents: [[doc1, doc2]] },
        },
      },
      {
        inputs: { router: { query: injection } },
        outputs: { joinerfinal: { documents: [] } },
        calls: {
          'router#1': { query: injection },
          'emptyretriever#1': { query: injection },
          'joinerfinal#1': { documents: [[]] },
        },
      },
    ]);
  });

  for (const order of ['in order', 'in a different order'] as const) {
    it(`that has a variadic component that receives partial inputs${order === 'in order' ? '' : ' in a different order'}`, async () => {
      const creator = (content: string) =>
        new TestComponent(
          'hs.ConditionalDocumentCreator',
          { create_document: { schema: z.boolean(), default: false } },
          { documents: { schema: schemas.docs }, noop: { schema: z.null() } },
          ({ create_document }) => (create_document ? { documents: [doc(content, { id: content })] } : { noop: null }),
        );
      const names = order === 'in order' ? ['first', 'second', 'third'] : ['third', 'first', 'second'];
      const creators = names.map((n) => [`${n}_creator`, creator(`${n[0]!.toUpperCase()}${n.slice(1)} document`)] as const);
      const p = pipelineOf(
        { maxRunsPerComponent: 1 },
        { ...Object.fromEntries(creators), documents_joiner: hs.documentJoiner() },
        ['first', 'second', 'third'].map((n) => `${n}_creator.documents -> documents_joiner.documents`),
      );
      const [doc1, doc2, doc3] = ['First document', 'Second document', 'Third document'].map((c) => doc(c, { id: c }));
      await runScenario(p, [
        {
          inputs: { first_creator: { create_document: true }, third_creator: { create_document: true } },
          outputs: { second_creator: { noop: null }, documents_joiner: { documents: [doc1, doc3] } },
          calls: {
            'documents_joiner#1': { documents: [[doc1], [doc3]] },
            'first_creator#1': { create_document: true },
            'second_creator#1': { create_document: false },
            'third_creator#1': { create_document: true },
          },
        },
        {
          inputs: { first_creator: { create_document: true }, second_creator: { create_document: true } },
          outputs: { third_creator: { noop: null }, documents_joiner: { documents: [doc1, doc2] } },
          calls: {
            'documents_joiner#1': { documents: [[doc1], [doc2]] },
            'first_creator#1': { create_document: true },
            'second_creator#1': { create_document: true },
            'third_creator#1': { create_document: false },
          },
        },
      ]);
    });
  }

  it('that has an answer joiner variadic component', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      { answer_builder_1: hs.answerBuilder(), answer_builder_2: hs.answerBuilder(), answer_joiner: hs.answerJoiner() },
      ['answer_builder_1.answers -> answer_joiner', 'answer_builder_2.answers -> answer_joiner'],
    );
    const query = "What's Natural Language Processing?";
    const a1 = { data: 'This is a test answer', query, documents: [] };
    const a2 = { data: 'This is a second test answer', query, documents: [] };
    await runScenario(p, [
      {
        inputs: { answer_builder_1: { query, replies: [a1.data] }, answer_builder_2: { query, replies: [a2.data] } },
        outputs: { answer_joiner: { answers: [a1, a2] } },
        calls: {
          'answer_builder_1#1': { query, replies: [a1.data] },
          'answer_builder_2#1': { query, replies: [a2.data] },
          'answer_joiner#1': { answers: [[a1], [a2]] },
        },
      },
    ]);
  });

  it('that has variadic component that receives a conditional input', async () => {
    const noop = () => hs.passThrough('hs.NoOp', 'documents', schemas.docs);
    const commaSplitter = new TestComponent(
      'hs.CommaSplitter',
      { documents: { schema: schemas.docs } },
      { documents: { schema: schemas.docs } },
      ({ documents }) => {
        let id = 0;
        return {
          documents: (documents as Document[]).flatMap((d) =>
            d.content.split(',').map((part) => doc(part, { id: String(id++) })),
          ),
        };
      },
    );
    const cleaner = (trim: boolean) =>
      new TestComponent(
        'hs.DocumentCleaner',
        { documents: { schema: schemas.docs } },
        { documents: { schema: schemas.docs } },
        ({ documents }) => ({
          documents: (documents as Document[]).map((d) => (trim ? { ...d, content: d.content.trim() } : d)),
        }),
      );
    const count = (v: Record<string, unknown>) => (v['documents'] as Document[]).length;
    const router = hs.conditionalRouter({ documents: schemas.docs }, [
      hs.route('long', schemas.docs, (v) => count(v) > 1, 'documents'),
      hs.route('short', schemas.docs, (v) => count(v) <= 1, 'documents'),
    ]);
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        conditional_router: router,
        empty_lines_cleaner: cleaner(false),
        comma_splitter: commaSplitter,
        document_cleaner: cleaner(true),
        document_joiner: hs.documentJoiner(),
        noop2: noop(),
        noop3: noop(),
      },
      [
        'noop2 -> noop3 -> conditional_router',
        'conditional_router.long -> empty_lines_cleaner -> document_joiner',
        'comma_splitter -> document_cleaner -> document_joiner',
        'comma_splitter -> document_joiner',
      ],
    );
    const document = doc('This document has so many, sentences. Like this one, or this one. Or even this other one.', {
      id: '1000',
    });
    const parts = ['This document has so many', ' sentences. Like this one', ' or this one. Or even this other one.'];
    const split = (offset: number) => parts.map((c, i) => doc(c, { id: String(i + offset) }));
    const trimmed = (docs: Document[]) => docs.map((d) => ({ ...d, content: d.content.trim() }));
    await runScenario(p, [
      {
        inputs: { noop2: { documents: [document] }, comma_splitter: { documents: [document] } },
        outputs: { conditional_router: { short: [document] }, document_joiner: { documents: split(0) } },
        calls: {
          'comma_splitter#1': { documents: [document] },
          'conditional_router#1': { documents: [document] },
          'document_cleaner#1': { documents: split(0) },
          // Senders in the order they ran: comma_splitter, then document_cleaner.
          'document_joiner#1': { documents: [split(0), trimmed(split(0))] },
          'noop2#1': { documents: [document] },
          'noop3#1': { documents: [document] },
        },
      },
      {
        inputs: { noop2: { documents: [document, document] }, comma_splitter: { documents: [document, document] } },
        outputs: { document_joiner: { documents: [...split(0), ...split(3), document] } },
        calls: {
          'comma_splitter#1': { documents: [document, document] },
          'conditional_router#1': { documents: [document, document] },
          'document_cleaner#1': { documents: [...split(0), ...split(3)] },
          'document_joiner#1': {
            documents: [[...split(0), ...split(3)], trimmed([...split(0), ...split(3)]), [document, document]],
          },
          'empty_lines_cleaner#1': { documents: [document, document] },
          'noop2#1': { documents: [document, document] },
          'noop3#1': { documents: [document, document] },
        },
      },
    ]);
  });

  it('that has a string variadic component', async () => {
    const builder = (label: string) =>
      hs.promptBuilder({ variables: ['query'], render: (v) => `${label}: ${v['query'] as string}` });
    const p = pipelineOf(
      {},
      { prompt_builder_1: builder('Builder 1'), prompt_builder_2: builder('Builder 2'), string_joiner: hs.stringJoiner() },
      ['prompt_builder_1.prompt -> string_joiner.strings', 'prompt_builder_2.prompt -> string_joiner.strings'],
    );
    const strings = ["Builder 1: What's Natural Language Processing?", "Builder 2: What's is life?"];
    await runScenario(p, [
      {
        inputs: {
          prompt_builder_1: { query: "What's Natural Language Processing?" },
          prompt_builder_2: { query: "What's is life?" },
        },
        // Haystack: any order; ours: the order the senders ran (one wave, by name).
        outputs: { string_joiner: { strings } },
        calls: {
          'prompt_builder_1#1': { query: "What's Natural Language Processing?" },
          'prompt_builder_2#1': { query: "What's is life?" },
          'string_joiner#1': { strings },
        },
      },
    ]);
  });

  for (const variadic of [false, true]) {
    it(`with a component that has ${variadic ? 'variadic ' : ''}dynamic default inputs`, async () => {
      const fallback = "Parrot doesn't only parrot!";
      const parrot = new TestComponent(
        'hs.Parrot',
        {
          parrot: variadic
            ? { schema: schemas.str, variadic: true, default: fallback }
            : { schema: schemas.str, default: fallback },
        },
        { response: { schema: variadic ? z.array(schemas.str) : schemas.str } },
        ({ parrot: value }) => ({ response: value }),
      );
      const p = pipelineOf({ maxRunsPerComponent: 1 }, { parrot });
      const wrap = (v: string) => (variadic ? [v] : v);
      await runScenario(p, [
        {
          inputs: { parrot: { parrot: 'Are you a parrot?' } },
          outputs: { parrot: { response: wrap('Are you a parrot?') } },
          calls: { 'parrot#1': { parrot: wrap('Are you a parrot?') } },
        },
        { inputs: {}, outputs: { parrot: { response: wrap(fallback) } }, calls: { 'parrot#1': { parrot: wrap(fallback) } } },
      ]);
    });
  }

  it('that has components returning dataframes', async () => {
    // No DataFrame in JS: a table-like object passes through two components unchanged.
    const table = {
      columns: ['a', 'b'],
      rows: [
        [1, 2],
        [3, 4],
      ],
    };
    const framer = () => hs.passThrough('hs.DataFramer', 'dataframe', z.record(z.string(), z.unknown()));
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { df_1: framer(), df_2: framer() }, ['df_1 -> df_2']);
    await runScenario(p, [
      {
        inputs: { df_1: { dataframe: table } },
        outputs: { df_2: { dataframe: table } },
        calls: { 'df_1#1': { dataframe: table }, 'df_2#1': { dataframe: table } },
      },
    ]);
  });

  it('where a single component connects multiple sockets to the same receiver socket', async () => {
    const router = hs.conditionalRouter({ query: schemas.str }, [
      hs.route('route_1', schemas.str, (v) => v['query'] === 'route_1', 'query'),
      hs.route('route_2', schemas.str, (v) => v['query'] === 'route_2', 'query'),
    ]);
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { joiner: hs.branchJoiner(schemas.str), router }, [
      'router.route_1 -> joiner.value',
      'router.route_2 -> joiner.value',
    ]);
    await runScenario(p, [
      {
        inputs: { router: { query: 'route_1' } },
        outputs: { joiner: { value: 'route_1' } },
        calls: { 'router#1': { query: 'route_1' }, 'joiner#1': { value: ['route_1'] } },
      },
    ]);
  });
});
