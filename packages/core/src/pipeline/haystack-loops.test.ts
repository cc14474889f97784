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
import {
  accumulate,
  addFixedValue,
  answerBuilder,
  branchJoiner,
  conditionalRouter,
  promptBuilder,
  remainder,
  schemas,
  sum,
  threshold,
} from '../../test/haystack-components.js';
import { runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { Pipeline } from './pipeline.js';

describe("Haystack's pipeline_run.feature: loops", () => {
  for (const [title, build] of [
    [
      'that has two loops of identical lengths',
      () =>
        new Pipeline({ maxRunsPerComponent: 2 })
          .addComponent('branch_joiner', branchJoiner(schemas.num))
          .addComponent('remainder', remainder(3))
          .addComponent('add_one', addFixedValue(1))
          .addComponent('add_two', addFixedValue(2))
          .connect('branch_joiner.value', 'remainder.value')
          .connect('remainder.remainder_is_1', 'add_two.value')
          .connect('remainder.remainder_is_2', 'add_one.value')
          .connect('add_two', 'branch_joiner.value')
          .connect('add_one', 'branch_joiner.value'),
    ],
    [
      'that has two loops of different lengths',
      () =>
        new Pipeline({ maxRunsPerComponent: 2 })
          .addComponent('branch_joiner', branchJoiner(schemas.num))
          .addComponent('remainder', remainder(3))
          .addComponent('add_one', addFixedValue(1))
          .addComponent('add_two_1', addFixedValue(1))
          .addComponent('add_two_2', addFixedValue(1))
          .connect('branch_joiner.value', 'remainder.value')
          .connect('remainder.remainder_is_1', 'add_two_1.value')
          .connect('add_two_1', 'add_two_2.value')
          .connect('add_two_2', 'branch_joiner')
          .connect('remainder.remainder_is_2', 'add_one.value')
          .connect('add_one', 'branch_joiner'),
    ],
  ] as const) {
    it(title, async () => {
      const identical = title.includes('identical');
      const lapOf4 = identical ? { 'add_two#1': { value: 4 } } : { 'add_two_1#1': { value: 4 }, 'add_two_2#1': { value: 5 } };
      await runScenario(build() as unknown as Pipeline, [
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
    new Pipeline({ maxRunsPerComponent: 3 })
      .addComponent('add_one', addFixedValue(1))
      .addComponent('branch_joiner', branchJoiner(schemas.num))
      .addComponent('below_10', threshold(10))
      .addComponent('below_5', threshold(5))
      .addComponent('add_three', addFixedValue(3))
      .addComponent('accumulator', accumulate())
      .addComponent('add_two', addFixedValue(2))
      .connect('add_one.result', 'branch_joiner')
      .connect('branch_joiner.value', 'below_10.value')
      .connect('below_10.below', 'accumulator.value')
      .connect('accumulator.value', 'below_5.value')
      .connect('below_5.above', 'add_three.value')
      .connect('below_5.below', 'branch_joiner')
      .connect('add_three.result', 'branch_joiner')
      .connect('below_10.above', 'add_two.value');
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
    await runScenario(singleLoopWithTwoBranches() as unknown as Pipeline, [
      { inputs: { add_one: { value: 3 } }, outputs: { add_two: { result: 13 } }, calls: singleLoopCalls },
    ]);
  });

  it('that has two branches, one of which loops back', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 10 })
      .addComponent('add_zero', addFixedValue(0))
      .addComponent('branch_joiner', branchJoiner(schemas.num))
      .addComponent('sum', sum())
      .addComponent('below_10', threshold(10))
      .addComponent('add_one', addFixedValue(1))
      .addComponent('counter', accumulate())
      .addComponent('add_two', addFixedValue(2))
      .connect('add_zero', 'branch_joiner.value')
      .connect('branch_joiner', 'below_10.value')
      .connect('below_10.below', 'add_one.value')
      .connect('add_one.result', 'counter.value')
      .connect('counter.value', 'branch_joiner.value')
      .connect('below_10.above', 'add_two.value')
      .connect('add_two.result', 'sum.values');
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
    await runScenario(singleLoopWithTwoBranches() as unknown as Pipeline, [
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
    let firstRun = true;
    const llm = new TestComponent(
      'hs.FakeGenerator',
      { prompt: { schema: schemas.str } },
      { replies: { schema: z.array(schemas.str) } },
      () => {
        const replies = firstRun ? ['No answer'] : ['42'];
        firstRun = false;
        return { replies };
      },
    );
    const cleaner = new TestComponent(
      'hs.PromptCleaner',
      { prompt: { schema: schemas.str } },
      { clean_prompt: { schema: schemas.str } },
      ({ prompt }) => ({
        clean_prompt: (prompt as string).trim(),
      }),
    );
    const validator = conditionalRouter({ replies: z.array(schemas.str) }, [
      {
        name: 'invalid_replies',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[]).includes('No answer'),
        output: (v) => v['replies'],
      },
      {
        name: 'valid_replies',
        schema: z.array(schemas.str),
        when: (v) => !(v['replies'] as string[]).includes('No answer'),
        output: (v) => v['replies'],
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent('prompt_cleaner', cleaner)
      .addComponent(
        'prompt_builder',
        promptBuilder({ variables: ['question', 'invalid_replies'], required: ['question'], render: () => '' }),
      )
      .addComponent('llm', llm)
      .addComponent('answer_validator', validator)
      .addComponent('answer_builder', answerBuilder())
      .connect('prompt_cleaner.clean_prompt', 'prompt_builder.template')
      .connect('prompt_builder.prompt', 'llm.prompt')
      .connect('llm.replies', 'answer_validator.replies')
      .connect('answer_validator.invalid_replies', 'prompt_builder.invalid_replies')
      .connect('answer_validator.valid_replies', 'answer_builder.replies');
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
