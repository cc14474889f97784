/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: loops: greedy branch joiners, loops with conditional branches, a loop in the middle (haystack-feedback-loops.test.ts has the feedback loops and cycles).
 */
import { describe, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { pipelineOf, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';

describe("Haystack's pipeline_run.feature: loops", () => {
  for (const [title, build] of [
    [
      'that has two loops of identical lengths',
      () =>
        pipelineOf(
          { maxRunsPerComponent: 2 },
          {
            branch_joiner: hs.branchJoiner(schemas.num),
            remainder: hs.remainder(3),
            add_one: hs.addFixedValue(1),
            add_two: hs.addFixedValue(2),
          },
          [
            'branch_joiner.value -> remainder.value',
            'remainder.remainder_is_1 -> add_two.value',
            'remainder.remainder_is_2 -> add_one.value',
            'add_two -> branch_joiner.value',
            'add_one -> branch_joiner.value',
          ],
        ),
    ],
    [
      'that has two loops of different lengths',
      () =>
        pipelineOf(
          { maxRunsPerComponent: 2 },
          {
            branch_joiner: hs.branchJoiner(schemas.num),
            remainder: hs.remainder(3),
            add_one: hs.addFixedValue(1),
            add_two_1: hs.addFixedValue(1),
            add_two_2: hs.addFixedValue(1),
          },
          [
            'branch_joiner.value -> remainder.value',
            'remainder.remainder_is_1 -> add_two_1.value',
            'add_two_1 -> add_two_2.value',
            'add_two_2 -> branch_joiner',
            'remainder.remainder_is_2 -> add_one.value',
            'add_one -> branch_joiner',
          ],
        ),
    ],
  ] as const) {
    it(title, async () => {
      const identical = title.includes('identical');
      const lapOf4 = identical ? { 'add_two#1': { value: 4 } } : { 'add_two_1#1': { value: 4 }, 'add_two_2#1': { value: 5 } };
      await runScenario(build(), [
        {
          inputs: { branch_joiner: { value: 0 } },
          outputs: { remainder: { remainder_is_0: 0 } },
          calls: { 'branch_joiner#1': { value: [0] }, 'remainder#1': { value: 0 } },
        },
        {
          inputs: { branch_joiner: { value: 3 } },
          outputs: { remainder: { remainder_is_0: 3 } },
          calls: { 'branch_joiner#1': { value: [3] }, 'remainder#1': { value: 3 } },
        },
        {
          // The greedy joiner drops the pipeline input once used: the second lap sees [6] only.
          inputs: { branch_joiner: { value: 4 } },
          outputs: { remainder: { remainder_is_0: 6 } },
          calls: {
            'branch_joiner#1': { value: [4] },
            'remainder#1': { value: 4 },
            ...lapOf4,
            'branch_joiner#2': { value: [6] },
            'remainder#2': { value: 6 },
          },
        },
        {
          inputs: { branch_joiner: { value: 5 } },
          outputs: { remainder: { remainder_is_0: 6 } },
          calls: {
            'branch_joiner#1': { value: [5] },
            'remainder#1': { value: 5 },
            'add_one#1': { value: 5 },
            'branch_joiner#2': { value: [6] },
            'remainder#2': { value: 6 },
          },
        },
        {
          inputs: { branch_joiner: { value: 6 } },
          outputs: { remainder: { remainder_is_0: 6 } },
          calls: { 'branch_joiner#1': { value: [6] }, 'remainder#1': { value: 6 } },
        },
      ]);
    });
  }

  const singleLoopWithTwoBranches = () =>
    pipelineOf(
      { maxRunsPerComponent: 3 },
      {
        add_one: hs.addFixedValue(1),
        branch_joiner: hs.branchJoiner(schemas.num),
        below_10: hs.threshold(10),
        below_5: hs.threshold(5),
        add_three: hs.addFixedValue(3),
        accumulator: hs.accumulate(),
        add_two: hs.addFixedValue(2),
      },
      [
        'add_one.result -> branch_joiner',
        'branch_joiner.value -> below_10.value',
        'below_10.below -> accumulator.value',
        'accumulator.value -> below_5.value',
        'below_5.above -> add_three.value',
        'below_5.below -> branch_joiner',
        'add_three.result -> branch_joiner',
        'below_10.above -> add_two.value',
      ],
    );
  const singleLoopCalls = {
    'accumulator#1': { value: 4 },
    'accumulator#2': { value: 4 },
    'add_one#1': { value: 3 },
    'add_three#1': { value: 8 },
    'add_two#1': { value: 11 },
    'below_10#1': { value: 4 },
    'below_10#2': { value: 4 },
    'below_10#3': { value: 11 },
    'below_5#1': { value: 4 },
    'below_5#2': { value: 8 },
    'branch_joiner#1': { value: [4] },
    'branch_joiner#2': { value: [4] },
    'branch_joiner#3': { value: [11] },
  };

  it('that has a single loop with two conditional branches', async () => {
    await runScenario(singleLoopWithTwoBranches(), [
      { inputs: { add_one: { value: 3 } }, outputs: { add_two: { result: 13 } }, calls: singleLoopCalls },
    ]);
  });

  it('that has two branches, one of which loops back', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 10 },
      {
        add_zero: hs.addFixedValue(0),
        branch_joiner: hs.branchJoiner(schemas.num),
        sum: hs.sum(),
        below_10: hs.threshold(10),
        add_one: hs.addFixedValue(1),
        counter: hs.accumulate(),
        add_two: hs.addFixedValue(2),
      },
      [
        'add_zero -> branch_joiner.value',
        'branch_joiner -> below_10.value',
        'below_10.below -> add_one.value',
        'add_one.result -> counter.value',
        'counter.value -> branch_joiner.value',
        'below_10.above -> add_two.value',
        'add_two.result -> sum.values',
      ],
    );
    await runScenario(p, [
      {
        inputs: { add_zero: { value: 8 }, sum: { values: 2 } },
        outputs: { sum: { total: 23 } },
        calls: {
          'add_one#1': { value: 8 },
          'add_one#2': { value: 9 },
          'add_two#1': { value: 19 },
          'add_zero#1': { value: 8 },
          'below_10#1': { value: 8 },
          'below_10#2': { value: 9 },
          'below_10#3': { value: 19 },
          'branch_joiner#1': { value: [8] },
          'branch_joiner#2': { value: [9] },
          'branch_joiner#3': { value: [19] },
          'counter#1': { value: 9 },
          'counter#2': { value: 10 },
          'sum#1': { values: [2, 21] },
        },
      },
    ]);
  });

  it('that has a loop and returns intermediate outputs from it', async () => {
    await runScenario(singleLoopWithTwoBranches(), [
      {
        inputs: { add_one: { value: 3 } },
        include: ['add_two', 'add_one', 'branch_joiner', 'below_10', 'accumulator', 'below_5', 'add_three'],
        // The last run's outputs of each component (not the latest value of every socket).
        outputs: {
          add_two: { result: 13 },
          add_one: { result: 4 },
          branch_joiner: { value: 11 },
          below_10: { above: 11 },
          accumulator: { value: 8 },
          below_5: { above: 8 },
          add_three: { result: 11 },
        },
        calls: singleLoopCalls,
      },
    ]);
  });

  it('that has a loop in the middle', async () => {
    const cleaner = new TestComponent(
      'hs.PromptCleaner',
      { prompt: { schema: schemas.str } },
      { clean_prompt: { schema: schemas.str } },
      ({ prompt }) => ({ clean_prompt: (prompt as string).trim() }),
    );
    const noAnswer = (v: Record<string, unknown>) => (v['replies'] as string[]).includes('No answer');
    const validator = hs.conditionalRouter({ replies: z.array(schemas.str) }, [
      hs.route('invalid_replies', z.array(schemas.str), noAnswer, 'replies'),
      hs.route('valid_replies', z.array(schemas.str), (v) => !noAnswer(v), 'replies'),
    ]);
    const p = pipelineOf(
      { maxRunsPerComponent: 2 },
      {
        prompt_cleaner: cleaner,
        prompt_builder: hs.promptBuilder({
          variables: ['question', 'invalid_replies'],
          required: ['question'],
          render: () => '',
        }),
        llm: hs.fixedGenerator(['No answer', '42']),
        answer_validator: validator,
        answer_builder: hs.answerBuilder(),
      },
      [
        'prompt_cleaner.clean_prompt -> prompt_builder.template',
        'prompt_builder.prompt -> llm.prompt',
        'llm.replies -> answer_validator.replies',
        'answer_validator.invalid_replies -> prompt_builder.invalid_replies',
        'answer_validator.valid_replies -> answer_builder.replies',
      ],
    );
    const question = 'What is the answer?';
    await runScenario(p, [
      {
        inputs: {
          prompt_cleaner: { prompt: 'Random template' },
          prompt_builder: { question },
          answer_builder: { query: question },
        },
        outputs: { answer_builder: { answers: [{ data: '42', query: question, documents: [] }] } },
        calls: {
          'answer_builder#1': { query: question, replies: ['42'] },
          'answer_validator#1': { replies: ['No answer'] },
          'answer_validator#2': { replies: ['42'] },
          'llm#1': { prompt: 'Random template' },
          'llm#2': { prompt: '' },
          'prompt_builder#1': { invalid_replies: '', question, template: 'Random template' },
          'prompt_builder#2': { invalid_replies: ['No answer'], question },
          'prompt_cleaner#1': { prompt: 'Random template' },
        },
      },
    ]);
  });
});
