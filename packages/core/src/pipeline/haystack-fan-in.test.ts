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
import {
  addFixedValue,
  answerBuilder,
  answerJoiner,
  branchJoiner,
  conditionalRouter,
  documentJoiner,
  double,
  promptBuilder,
  remainder,
  schemas,
  stringJoiner,
  sum,
} from '../../test/haystack-components.js';
import { doc, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import type { Document } from '../document.js';
import { Pipeline } from './pipeline.js';

describe("Haystack's pipeline_run.feature: fan-in", () => {
  it('that has multiple branches that merge into a component with a single variadic input', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('add_one', addFixedValue())
      .addComponent('parity', remainder(2))
      .addComponent('add_ten', addFixedValue(10))
      .addComponent('double', double())
      .addComponent('add_four', addFixedValue(4))
      .addComponent('add_one_again', addFixedValue())
      .addComponent('sum', sum())
      .connect('add_one.result', 'parity.value')
      .connect('parity.remainder_is_0', 'add_ten.value')
      .connect('parity.remainder_is_1', 'double.value')
      .connect('add_one.result', 'sum.values')
      .connect('add_ten.result', 'sum.values')
      .connect('double.value', 'sum.values')
      .connect('parity.remainder_is_1', 'add_four.value')
      .connect('add_four.result', 'add_one_again.value')
      .connect('add_one_again.result', 'sum.values');
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
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('first_addition', addFixedValue(2))
      .addComponent('second_addition', addFixedValue(2))
      .addComponent('third_addition', addFixedValue(2))
      .addComponent('sum', sum())
      .addComponent('fourth_addition', addFixedValue(1))
      .connect('first_addition.result', 'second_addition.value')
      .connect('first_addition.result', 'sum.values')
      .connect('second_addition.result', 'sum.values')
      .connect('third_addition.result', 'sum.values')
      .connect('sum.total', 'fourth_addition.value');
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
    const ranker = new TestComponent(
      'hs.FakeRanker',
      { query: { schema: schemas.str }, documents: { schema: schemas.docs } },
      { documents: { schema: schemas.docs } },
      ({ documents }) => ({ documents }),
    );
    const retriever = () =>
      new TestComponent(
        'hs.FakeRetriever',
        { query: { schema: schemas.str } },
        { documents: { schema: schemas.docs } },
        ({ query }) => ({
          documents: (query as string).includes('injection') ? [] : [doc1],
        }),
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
    const p = new Pipeline()
      .addComponent('router', router)
      .addComponent('text_embedder', embedder)
      .addComponent('retriever', embeddingRetriever)
      .addComponent('emptyretriever', retriever())
      .addComponent('joinerfinal', documentJoiner())
      .addComponent('joinerhybrid', documentJoiner())
      .addComponent('ranker', ranker)
      .addComponent('bm25retriever', retriever())
      .connect('router.INJECTION', 'emptyretriever.query')
      .connect('router.LEGIT', 'text_embedder.text')
      .connect('text_embedder.embedding', 'retriever.query_embedding')
      .connect('router.LEGIT', 'ranker.query')
      .connect('router.LEGIT', 'bm25retriever.query')
      .connect('bm25retriever', 'joinerhybrid.documents')
      .connect('retriever', 'joinerhybrid.documents')
      .connect('joinerhybrid.documents', 'ranker.documents')
      .connect('ranker', 'joinerfinal.documents')
      .connect('emptyretriever', 'joinerfinal.documents');
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
      const p: Pipeline = new Pipeline({ maxRunsPerComponent: 1 });
      for (const n of names) p.addComponent(`${n}_creator`, creator(`${n[0]!.toUpperCase()}${n.slice(1)} document`));
      p.addComponent('documents_joiner', documentJoiner());
      for (const n of ['first', 'second', 'third']) p.connect(`${n}_creator.documents`, 'documents_joiner.documents');
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
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('answer_builder_1', answerBuilder())
      .addComponent('answer_builder_2', answerBuilder())
      .addComponent('answer_joiner', answerJoiner())
      .connect('answer_builder_1.answers', 'answer_joiner')
      .connect('answer_builder_2.answers', 'answer_joiner');
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
    const noop = () =>
      new TestComponent(
        'hs.NoOp',
        { documents: { schema: schemas.docs } },
        { documents: { schema: schemas.docs } },
        ({ documents }) => ({ documents }),
      );
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
    const router = conditionalRouter({ documents: schemas.docs }, [
      {
        name: 'long',
        schema: schemas.docs,
        when: (v) => (v['documents'] as Document[]).length > 1,
        output: (v) => v['documents'],
      },
      {
        name: 'short',
        schema: schemas.docs,
        when: (v) => (v['documents'] as Document[]).length <= 1,
        output: (v) => v['documents'],
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('conditional_router', router)
      .addComponent('empty_lines_cleaner', cleaner(false))
      .addComponent('comma_splitter', commaSplitter)
      .addComponent('document_cleaner', cleaner(true))
      .addComponent('document_joiner', documentJoiner())
      .addComponent('noop2', noop())
      .addComponent('noop3', noop())
      .connect('noop2', 'noop3')
      .connect('noop3', 'conditional_router')
      .connect('conditional_router.long', 'empty_lines_cleaner')
      .connect('empty_lines_cleaner', 'document_joiner')
      .connect('comma_splitter', 'document_cleaner')
      .connect('document_cleaner', 'document_joiner')
      .connect('comma_splitter', 'document_joiner');
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
      promptBuilder({ variables: ['query'], render: (v) => `${label}: ${v['query'] as string}` });
    const p = new Pipeline()
      .addComponent('prompt_builder_1', builder('Builder 1'))
      .addComponent('prompt_builder_2', builder('Builder 2'))
      .addComponent('string_joiner', stringJoiner())
      .connect('prompt_builder_1.prompt', 'string_joiner.strings')
      .connect('prompt_builder_2.prompt', 'string_joiner.strings');
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
      const p = new Pipeline({ maxRunsPerComponent: 1 }).addComponent('parrot', parrot);
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
    const framer = () =>
      new TestComponent(
        'hs.DataFramer',
        { dataframe: { schema: z.record(z.string(), z.unknown()) } },
        { dataframe: { schema: z.record(z.string(), z.unknown()) } },
        ({ dataframe }) => ({
          dataframe,
        }),
      );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('df_1', framer())
      .addComponent('df_2', framer())
      .connect('df_1', 'df_2');
    await runScenario(p, [
      {
        inputs: { df_1: { dataframe: table } },
        outputs: { df_2: { dataframe: table } },
        calls: { 'df_1#1': { dataframe: table }, 'df_2#1': { dataframe: table } },
      },
    ]);
  });

  it('where a single component connects multiple sockets to the same receiver socket', async () => {
    const router = conditionalRouter({ query: schemas.str }, [
      { name: 'route_1', schema: schemas.str, when: (v) => v['query'] === 'route_1', output: (v) => v['query'] },
      { name: 'route_2', schema: schemas.str, when: (v) => v['query'] === 'route_2', output: (v) => v['query'] },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('joiner', branchJoiner(schemas.str))
      .addComponent('router', router)
      .connect('router.route_1', 'joiner.value')
      .connect('router.route_2', 'joiner.value');
    await runScenario(p, [
      {
        inputs: { router: { query: 'route_1' } },
        outputs: { joiner: { value: 'route_1' } },
        calls: { 'router#1': { query: 'route_1' }, 'joiner#1': { value: ['route_1'] } },
      },
    ]);
  });
});
