/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: components whose inputs are optional or defaulted: deferred until their senders have run.
 */
import { describe, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { doc, fakeRetriever, pipelineOf, runScenario, validationLoop } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import type { Document } from '../document.js';

describe("Haystack's pipeline_run.feature: optional and default inputs", () => {
  it('that has a component with only default inputs', async () => {
    const paris = doc('Paris is the capital of France', { score: 1.78 });
    const rome = doc('Rome is the capital of Italy', { score: 1.34 });
    const contextPrompt = hs.promptBuilder({
      variables: ['documents', 'query'],
      render: (v) =>
        `Context:\n${(v['documents'] as Document[]).map((d) => `    ${d.content}\n`).join('')}Question: ${v['query'] as string}`,
    });
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        retriever: fakeRetriever(() => [paris, rome]),
        prompt_builder: contextPrompt,
        generator: hs.fixedGenerator(['Paris']),
        answer_builder: hs.answerBuilder(),
      },
      [
        'retriever -> prompt_builder.documents',
        'prompt_builder.prompt -> generator.prompt',
        'generator.replies -> answer_builder.replies',
        'retriever.documents -> answer_builder.documents',
      ],
    );
    const query = 'What is the capital of France?';
    const prompt = `Context:\n    Paris is the capital of France\n    Rome is the capital of Italy\nQuestion: ${query}`;
    await runScenario(p, [
      {
        inputs: { query },
        outputs: { answer_builder: { answers: [{ data: 'Paris', query, documents: [paris, rome] }] } },
        calls: {
          'answer_builder#1': { documents: [paris, rome], query, replies: ['Paris'] },
          'generator#1': { prompt },
          'prompt_builder#1': { documents: [paris, rome], query },
          'retriever#1': { query },
        },
      },
    ]);
  });

  it('that has a component with only default inputs as first to run and receives inputs from a loop', async () => {
    const firstReply = (v: Record<string, unknown>) => (v['replies'] as string[])[0];
    const router = hs.conditionalRouter({ replies: z.array(schemas.str) }, [
      hs.route('correct_replies', z.array(schemas.str), (v) => firstReply(v) === 'Rome', 'replies'),
      hs.route('incorrect_replies', z.array(schemas.str), (v) => firstReply(v) === 'Paris', 'replies'),
    ]);
    const prompt = hs.promptBuilder({
      variables: ['query', 'previous_replies'],
      required: ['query'],
      render: (v) =>
        `Answer the following question.\n${v['previous_replies'] ? `Previously you replied incorrectly this:\n - ${(v['previous_replies'] as string[]).join(', ')}\n` : ''}Question: ${v['query'] as string}`,
    });
    const p = pipelineOf(
      { maxRunsPerComponent: 2 },
      { prompt_builder: prompt, generator: hs.fixedGenerator(['Paris', 'Rome'], { generation_kwargs: true }), router },
      [
        'prompt_builder.prompt -> generator.prompt',
        'generator.replies -> router.replies',
        'router.incorrect_replies -> prompt_builder.previous_replies',
      ],
    );
    const query = 'What is the capital of Italy?';
    await runScenario(p, [
      {
        inputs: { prompt_builder: { query } },
        outputs: { router: { correct_replies: ['Rome'] } },
        calls: {
          'generator#1': { prompt: `Answer the following question.\nQuestion: ${query}` },
          'generator#2': {
            prompt: `Answer the following question.\nPreviously you replied incorrectly this:\n - Paris\nQuestion: ${query}`,
          },
          'prompt_builder#1': { previous_replies: '', query },
          'prompt_builder#2': { previous_replies: ['Paris'], query },
          'router#1': { replies: ['Paris'] },
          'router#2': { replies: ['Rome'] },
        },
      },
    ]);
  });

  it("that has a component with default inputs that doesn't receive anything from its sender", async () => {
    const says = (word: string) => (v: Record<string, unknown>) => (v['sentence'] as string).includes(word);
    const router = hs.conditionalRouter({ sentence: schemas.str }, [
      hs.route('language_1', schemas.str, says('reisen'), () => 'German'),
      hs.route('language_2', schemas.str, says('viajar'), () => 'Spanish'),
    ]);
    const pb = hs.promptBuilder({ variables: ['language'], render: (v) => `Ok, I know, that's ${v['language'] as string}` });
    const p = pipelineOf({ maxRunsPerComponent: 1 }, { router, pb }, ['router.language_2 -> pb.language']);
    await runScenario(p, [
      // pb's only input is optional: it waits for its sender and, routed around, does not run.
      {
        inputs: { router: { sentence: 'Wir mussen reisen' } },
        outputs: { router: { language_1: 'German' } },
        calls: { 'router#1': { sentence: 'Wir mussen reisen' } },
      },
      {
        inputs: { router: { sentence: 'Yo tengo que viajar' } },
        outputs: { pb: { prompt: "Ok, I know, that's Spanish" } },
        calls: { 'pb#1': { language: 'Spanish' }, 'router#1': { sentence: 'Yo tengo que viajar' } },
      },
    ]);
  });

  it("that has a component with default inputs that doesn't receive anything from its sender but receives input from user", async () => {
    const generator = () =>
      new TestComponent(
        'hs.FakeGenerator',
        { prompt: { schema: schemas.str } },
        { replies: { schema: z.array(schemas.str) } },
        ({ prompt }) => ({
          replies: (prompt as string).includes('no_answer') ? ["There's simply no_answer to this question"] : ['Some SQL query'],
        }),
      );
    const sqlQuerier = new TestComponent(
      'hs.FakeSQLQuerier',
      { query: { schema: schemas.str } },
      { results: { schema: schemas.str } },
      () => ({ results: 'This is the query result' }),
    );
    const noAnswer = (v: Record<string, unknown>) => (v['replies'] as string[])[0]!.includes('no_answer');
    const router = hs.conditionalRouter({ replies: z.array(schemas.str), question: schemas.str }, [
      hs.route(
        'sql',
        schemas.str,
        (v) => !noAnswer(v),
        (v) => (v['replies'] as string[])[0],
      ),
      hs.route('go_to_fallback', schemas.str, noAnswer, 'question'),
    ]);
    const prompt = hs.promptBuilder({
      variables: ['question', 'columns'],
      required: ['question', 'columns'],
      render: (v) => `Question: ${v['question'] as string}; return 'no_answer' if needed. Columns: ${v['columns'] as string};`,
    });
    const fallbackPrompt = hs.promptBuilder({
      variables: ['question', 'columns'],
      required: ['question'],
      render: (v) => `The query was: ${v['question'] as string} and the table had columns: ${v['columns'] as string}.`,
    });
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        prompt,
        llm: generator(),
        router,
        fallback_prompt: fallbackPrompt,
        fallback_llm: generator(),
        sql_querier: sqlQuerier,
      },
      [
        'prompt -> llm',
        'llm.replies -> router.replies',
        'router.sql -> sql_querier.query',
        'router.go_to_fallback -> fallback_prompt.question',
        'fallback_prompt -> fallback_llm',
      ],
    );
    const columns = 'Age, Absenteeism_time_in_hours, Days, Disciplinary_failure';
    const question = 'This is a question with no_answer';
    await runScenario(p, [
      {
        inputs: { prompt: { question, columns }, router: { question } },
        outputs: { fallback_llm: { replies: ["There's simply no_answer to this question"] } },
        calls: {
          // `columns` of the fallback prompt is open and not given: its default '' (Haystack's too).
          'fallback_llm#1': { prompt: `The query was: ${question} and the table had columns: .` },
          'fallback_prompt#1': { columns: '', question },
          'llm#1': { prompt: `Question: ${question}; return 'no_answer' if needed. Columns: ${columns};` },
          'prompt#1': { columns, question },
          'router#1': { question, replies: ["There's simply no_answer to this question"] },
        },
      },
    ]);
  });

  it("that has a loop and a component with default inputs that doesn't receive anything from its sender but receives input from user", async () => {
    const render = (v: Record<string, unknown>) =>
      `Here is the comment: ${v['comment'] as string}.${v['invalid_replies'] && v['error_message'] ? ` You already created: ${JSON.stringify(v['invalid_replies'])}; exception: ${v['error_message'] as string}` : ''}`;
    // All the prompt builder's inputs are optional: it runs first, then again with the loop's feedback.
    const p = validationLoop(2, hs.promptBuilder({ variables: ['comment', 'invalid_replies', 'error_message'], render }));
    const comment = 'I loved the quality of the meal but the courier was rude';
    await runScenario(p, [
      {
        inputs: { prompt_builder: { template_variables: { comment } } },
        outputs: { output_validator: { valid_replies: ['This is a valid reply'] } },
        calls: {
          'llm#1': { prompt: `Here is the comment: ${comment}.` },
          'llm#2': {
            prompt: `Here is the comment: ${comment}. You already created: ["This is an invalid reply"]; exception: this is an error message`,
          },
          'output_validator#1': { replies: ['This is a valid reply'] },
          'output_validator#2': { replies: ['This is a valid reply'] },
          'prompt_builder#1': { comment: '', error_message: '', invalid_replies: '', template_variables: { comment } },
          'prompt_builder#2': {
            comment: '',
            error_message: 'this is an error message',
            invalid_replies: ['This is an invalid reply'],
            template_variables: { comment },
          },
        },
      },
    ]);
  });

  it('that has multiple components with only default inputs and are added in a different order from the order of execution', async () => {
    const document = doc('This is a document');
    const retriever = fakeRetriever(() => [document]);
    const ranker = hs.passThrough('hs.FakeRanker', 'documents', schemas.docs, {
      query: { schema: schemas.str },
      top_k: { schema: schemas.num, optional: true },
    });
    const generator = () =>
      new TestComponent(
        'hs.FakeGenerator',
        { prompt: { schema: schemas.str }, generation_kwargs: { schema: z.record(z.string(), z.unknown()), optional: true } },
        { replies: { schema: z.array(schemas.str) }, meta: { schema: z.record(z.string(), z.unknown()) } },
        () => ({ replies: ['This is a reply'], meta: { meta_key: 'meta_value' } }),
      );
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        retriever,
        ranker,
        prompt_builder2: hs.promptBuilder({
          variables: ['documents', 'question'],
          render: (v) =>
            `According to: ${(v['documents'] as Document[]).map((d) => d.content).join()} Answer: ${v['question'] as string}`,
        }),
        prompt_builder1: hs.promptBuilder({ variables: ['question'], render: (v) => `Spellcheck: ${v['question'] as string}` }),
        prompt_builder3: hs.promptBuilder({ variables: ['replies'], render: (v) => (v['replies'] as string[]).join(' ') }),
        llm: generator(),
        spellchecker: generator(),
      },
      [
        'prompt_builder1 -> spellchecker',
        'spellchecker.replies -> prompt_builder3',
        'prompt_builder3 -> retriever.query',
        'prompt_builder3 -> ranker.query',
        'retriever.documents -> ranker.documents',
        'ranker.documents -> prompt_builder2.documents',
        'prompt_builder3 -> prompt_builder2.question',
        'prompt_builder2 -> llm',
      ],
    );
    const reply = 'This is a reply';
    await runScenario(p, [
      {
        inputs: { prompt_builder1: { question: 'Wha i Acromegaly?' } },
        outputs: {
          llm: { replies: [reply], meta: { meta_key: 'meta_value' } },
          spellchecker: { meta: { meta_key: 'meta_value' } },
        },
        calls: {
          'llm#1': { prompt: `According to: This is a document Answer: ${reply}` },
          'prompt_builder1#1': { question: 'Wha i Acromegaly?' },
          'prompt_builder2#1': { documents: [document], question: reply },
          'prompt_builder3#1': { replies: [reply] },
          'ranker#1': { documents: [document], query: reply },
          'retriever#1': { query: reply },
          'spellchecker#1': { prompt: 'Spellcheck: Wha i Acromegaly?' },
        },
      },
    ]);
  });

  it('that is linear and a component in the middle receives optional input from other components and input from the user', async () => {
    const documents = [
      doc('publication about Alzheimer prevention', { id: 'doc1', meta: { year: 2022, disease: 'Alzheimer' } }),
      doc('investigation and treatment of Alzheimer disease', { id: 'doc2', meta: { year: 2023, disease: 'Alzheimer' } }),
      doc("new therapies for Parkinson's disease", { id: 'doc3', meta: { year: 2022, disease: 'Parkinson' } }),
    ];
    const extractor = new TestComponent(
      'hs.QueryMetadataExtractor',
      { prompt: { schema: schemas.str } },
      { filters: { schema: z.record(z.string(), z.unknown()) } },
      ({ prompt }) => ({
        filters: {
          operator: 'AND',
          conditions: Object.entries(JSON.parse(prompt as string) as Record<string, unknown>).map(([k, value]) => ({
            field: `meta.${k}`,
            operator: '==',
            value,
          })),
        },
      }),
    );
    const retriever = fakeRetriever((_, filters) => {
      const conditions = (filters as { conditions: { field: string; value: unknown }[] }).conditions;
      return documents.filter((d) => conditions.every((c) => d.meta[c.field.slice(5)] === c.value));
    });
    const p = pipelineOf(
      {},
      {
        builder: hs.promptBuilder({ variables: [], render: () => '{"disease": "Alzheimer", "year": 2023}' }),
        metadata_extractor: extractor,
        retriever,
        document_joiner: hs.documentJoiner(),
      },
      [
        'builder.prompt -> metadata_extractor.prompt',
        'metadata_extractor.filters -> retriever.filters',
        'retriever.documents -> document_joiner.documents',
      ],
    );
    const query = "publications 2023 Alzheimer's disease";
    const filters = {
      operator: 'AND',
      conditions: [
        { field: 'meta.disease', operator: '==', value: 'Alzheimer' },
        { field: 'meta.year', operator: '==', value: 2023 },
      ],
    };
    await runScenario(p, [
      {
        inputs: { retriever: { query } },
        outputs: { document_joiner: { documents: [documents[1]] } },
        calls: {
          'builder#1': {},
          'document_joiner#1': { documents: [[documents[1]]] },
          'metadata_extractor#1': { prompt: '{"disease": "Alzheimer", "year": 2023}' },
          // The retriever could run at once (its mandatory query is given) but waits for its filters.
          'retriever#1': { query, filters },
        },
      },
    ]);
  });
});
