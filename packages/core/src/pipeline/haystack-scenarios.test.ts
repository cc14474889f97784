/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behaviour and says why (see docs/pipelines.md, "Differences from Haystack").
 *
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls below leave them out. Long prompt texts are shortened.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accumulate,
  addFixedValue,
  answerBuilder,
  answerJoiner,
  branchJoiner,
  chatPromptBuilder,
  conditionalRouter,
  converter,
  documentJoiner,
  double,
  fileTypeRouter,
  fixedGenerator,
  fString,
  greet,
  hello,
  parity,
  promptBuilder,
  remainder,
  repeat,
  type Source,
  schemas,
  stringJoiner,
  stringListJoiner,
  subtract,
  sum,
  textSplitter,
  threshold,
  wordSplitter,
} from '../../test/haystack-components.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { ChatMessages } from '../chat/chat-message.js';
import { createDocument, type Document } from '../document.js';
import { ComponentError, PipelineComponentsBlockedError, PipelineConversionError, PipelineMaxRunsError } from '../errors.js';
import type { TraceEvent } from '../tracing/tracer.js';
import { Pipeline } from './pipeline.js';

interface RunData {
  inputs: Record<string, unknown>;
  include?: string[];
  outputs: Record<string, unknown>;
  /** `"component#visit"` → the inputs `run` received on that visit. */
  calls?: Record<string, unknown>;
}

/** A tracer that records the inputs of every component call as `"component#visit"`. */
function recordCalls(): { calls: Record<string, Record<string, unknown>>; tracer: { onEvent(event: TraceEvent): void } } {
  const calls: Record<string, Record<string, unknown>> = {};
  return {
    calls,
    tracer: {
      onEvent(event: TraceEvent) {
        if (event.type === 'component:start') calls[`${event.component}#${event.visit}`] = event.inputs;
      },
    },
  };
}

/** Runs each case and checks the result and every component call (Haystack's two assertions). */
async function runScenario(pipeline: Pipeline, runs: RunData[]): Promise<void> {
  for (const data of runs) {
    const { calls, tracer } = recordCalls();
    const options = data.include ? { tracer, includeOutputsFrom: data.include } : { tracer };
    const result = await pipeline.run(data.inputs, options);
    expect(result).toEqual(data.outputs);
    if (data.calls) expect(calls).toEqual(data.calls);
  }
}

const doc = (content: string, extra: Partial<Document> = {}): Document => ({ ...createDocument({ content }), ...extra });

/** `query` (+ optional `filters`, `top_k`) → `documents` from `pick`. */
const fakeRetriever = (pick: (query: string, filters: unknown) => Document[]) =>
  new TestComponent(
    'hs.FakeRetriever',
    {
      query: { schema: schemas.str },
      filters: { schema: z.record(z.string(), z.unknown()), optional: true },
      top_k: { schema: schemas.num, optional: true },
    },
    { documents: { schema: schemas.docs } },
    ({ query, filters }) => ({ documents: pick(query as string, filters) }),
  );

const chatGenerator = (replies: () => unknown[]) =>
  new TestComponent(
    'hs.FakeChatGenerator',
    { messages: { schema: schemas.messages } },
    { replies: { schema: schemas.messages } },
    () => ({ replies: replies() }),
  );

describe("Haystack's pipeline_run.feature: running a correct pipeline", () => {
  it('that has no components', async () => {
    await runScenario(new Pipeline({ maxRunsPerComponent: 1 }), [{ inputs: {}, outputs: {}, calls: {} }]);
  });

  it('that is linear', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('first_addition', addFixedValue(2))
      .addComponent('second_addition', addFixedValue())
      .addComponent('double', double())
      .connect('first_addition', 'double')
      .connect('double', 'second_addition');
    await runScenario(p, [
      {
        inputs: { first_addition: { value: 1 } },
        outputs: { second_addition: { result: 7 } },
        calls: { 'first_addition#1': { value: 1 }, 'double#1': { value: 3 }, 'second_addition#1': { value: 6 } },
      },
    ]);
  });

  it('that is really complex with lots of components, forks, and loops', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 3 })
      .addComponent('greet_first', greet())
      .addComponent('accumulate_1', accumulate())
      .addComponent('add_two', addFixedValue(2))
      .addComponent('parity', parity())
      .addComponent('add_one', addFixedValue(1))
      .addComponent('accumulate_2', accumulate())
      .addComponent('branch_joiner', branchJoiner(schemas.num))
      .addComponent('below_10', threshold(10))
      .addComponent('double', double())
      .addComponent('greet_again', greet())
      .addComponent('sum', sum())
      .addComponent('greet_enumerator', greet())
      .addComponent('enumerate', repeat(['first', 'second']))
      .addComponent('add_three', addFixedValue(3))
      .addComponent('diff', subtract())
      .addComponent('greet_one_last_time', greet())
      .addComponent('replicate', repeat(['first', 'second']))
      .addComponent('add_five', addFixedValue(5))
      .addComponent('add_four', addFixedValue(4))
      .addComponent('accumulate_3', accumulate())
      .connect('greet_first', 'accumulate_1')
      .connect('accumulate_1', 'add_two')
      .connect('add_two', 'parity')
      .connect('parity.even', 'greet_again')
      .connect('greet_again', 'sum.values')
      .connect('sum', 'diff.first_value')
      .connect('diff', 'greet_one_last_time')
      .connect('greet_one_last_time', 'replicate')
      .connect('replicate.first', 'add_five.value')
      .connect('replicate.second', 'add_four.value')
      .connect('add_four', 'accumulate_3')
      .connect('parity.odd', 'add_one.value')
      .connect('add_one', 'branch_joiner.value')
      .connect('branch_joiner', 'below_10')
      .connect('below_10.below', 'double')
      .connect('double', 'branch_joiner.value')
      .connect('below_10.above', 'accumulate_2')
      .connect('accumulate_2', 'diff.second_value')
      .connect('greet_enumerator', 'enumerate')
      .connect('enumerate.second', 'sum.values')
      .connect('enumerate.first', 'add_three.value')
      .connect('add_three', 'sum.values');
    await runScenario(p, [
      {
        inputs: { greet_first: { value: 1 }, greet_enumerator: { value: 1 } },
        outputs: { accumulate_3: { value: -7 }, add_five: { result: -6 } },
        calls: {
          'greet_first#1': { value: 1 },
          'greet_enumerator#1': { value: 1 },
          'accumulate_1#1': { value: 1 },
          'add_two#1': { value: 1 },
          'parity#1': { value: 3 },
          'add_one#1': { value: 3 },
          'branch_joiner#1': { value: [4] },
          'below_10#1': { value: 4 },
          'double#1': { value: 4 },
          'branch_joiner#2': { value: [8] },
          'below_10#2': { value: 8 },
          'double#2': { value: 8 },
          'branch_joiner#3': { value: [16] },
          'below_10#3': { value: 16 },
          'accumulate_2#1': { value: 16 },
          'enumerate#1': { value: 1 },
          'add_three#1': { value: 1 },
          'sum#1': { values: [1, 4] },
          'diff#1': { first_value: 5, second_value: 16 },
          'greet_one_last_time#1': { value: -11 },
          'replicate#1': { value: -11 },
          'add_five#1': { value: -11 },
          'add_four#1': { value: -11 },
          'accumulate_3#1': { value: -7 },
        },
      },
    ]);
  });

  it('that has a single component with a default input', async () => {
    // Haystack's component returns `c` without declaring it; ours must declare every output
    // (deliberate: an undeclared output key is an error, checked below).
    const withDefault = new TestComponent(
      'hs.WithDefault',
      { a: { schema: schemas.num }, b: { schema: schemas.num, default: 2 } },
      { c: { schema: schemas.num } },
      ({ a, b }) => ({ c: (a as number) + (b as number) }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 }).addComponent('with_defaults', withDefault);
    await runScenario(p, [
      {
        inputs: { with_defaults: { a: 40, b: 30 } },
        outputs: { with_defaults: { c: 70 } },
        calls: { 'with_defaults#1': { a: 40, b: 30 } },
      },
      {
        inputs: { with_defaults: { a: 40 } },
        outputs: { with_defaults: { c: 42 } },
        calls: { 'with_defaults#1': { a: 40, b: 2 } },
      },
    ]);
    const undeclared = new TestComponent(
      'hs.WithDefault',
      { a: { schema: schemas.num } },
      { b: { schema: schemas.num } },
      ({ a }) => ({
        c: a,
      }),
    );
    await expect(new Pipeline().addComponent('x', undeclared).run({ x: { a: 1 } })).rejects.toThrow(
      /returned output "c", which is not a declared output socket/,
    );
  });

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

  it('that has a component with dynamic inputs defined in init', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('hello', hello())
      .addComponent('fstring', fString('This is the greeting: {greeting}!', ['greeting']))
      .addComponent('splitter', textSplitter())
      .connect('hello.output', 'fstring.greeting')
      .connect('fstring.string', 'splitter.sentence');
    await runScenario(p, [
      {
        inputs: { hello: { word: 'Alice' } },
        outputs: { splitter: { output: ['This', 'is', 'the', 'greeting:', 'Hello,', 'Alice!!'] } },
        calls: {
          'fstring#1': { greeting: 'Hello, Alice!' },
          'hello#1': { word: 'Alice' },
          'splitter#1': { sentence: 'This is the greeting: Hello, Alice!!' },
        },
      },
      {
        inputs: { hello: { word: 'Alice' }, fstring: { template: 'Received: {greeting}' } },
        outputs: { splitter: { output: ['Received:', 'Hello,', 'Alice!'] } },
        calls: {
          'fstring#1': { greeting: 'Hello, Alice!', template: 'Received: {greeting}' },
          'hello#1': { word: 'Alice' },
          'splitter#1': { sentence: 'Received: Hello, Alice!' },
        },
      },
    ]);
  });

  it("that has two branches that don't merge", async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('add_one', addFixedValue(1))
      .addComponent('parity', parity())
      .addComponent('add_ten', addFixedValue(10))
      .addComponent('double', double())
      .addComponent('add_three', addFixedValue(3))
      .connect('add_one.result', 'parity.value')
      .connect('parity.even', 'add_ten.value')
      .connect('parity.odd', 'double.value')
      .connect('add_ten.result', 'add_three.value');
    await runScenario(p, [
      {
        inputs: { add_one: { value: 1 } },
        outputs: { add_three: { result: 15 } },
        calls: { 'add_one#1': { value: 1 }, 'add_ten#1': { value: 2 }, 'add_three#1': { value: 12 }, 'parity#1': { value: 2 } },
      },
      {
        inputs: { add_one: { value: 2 } },
        outputs: { double: { value: 6 } },
        calls: { 'add_one#1': { value: 2 }, 'double#1': { value: 3 }, 'parity#1': { value: 3 } },
      },
    ]);
  });

  it("that has three branches that don't merge", async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('add_one', addFixedValue(1))
      .addComponent('repeat', repeat(['first', 'second']))
      .addComponent('add_ten', addFixedValue(10))
      .addComponent('double', double())
      .addComponent('add_three', addFixedValue(3))
      .addComponent('add_one_again', addFixedValue(1))
      .connect('add_one.result', 'repeat.value')
      .connect('repeat.first', 'add_ten.value')
      .connect('repeat.second', 'double.value')
      .connect('repeat.second', 'add_three.value')
      .connect('add_three.result', 'add_one_again.value');
    await runScenario(p, [
      {
        inputs: { add_one: { value: 1 } },
        outputs: { add_one_again: { result: 6 }, add_ten: { result: 12 }, double: { value: 4 } },
        calls: {
          'add_one#1': { value: 1 },
          'add_one_again#1': { value: 5 },
          'add_ten#1': { value: 2 },
          'add_three#1': { value: 2 },
          'double#1': { value: 2 },
          'repeat#1': { value: 2 },
        },
      },
    ]);
  });

  it('that has two branches that merge', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('first_addition', addFixedValue(2))
      .addComponent('second_addition', addFixedValue(2))
      .addComponent('third_addition', addFixedValue(2))
      .addComponent('diff', subtract())
      .addComponent('fourth_addition', addFixedValue(1))
      .connect('first_addition.result', 'second_addition.value')
      .connect('second_addition.result', 'diff.first_value')
      .connect('third_addition.result', 'diff.second_value')
      .connect('diff', 'fourth_addition.value');
    await runScenario(p, [
      {
        inputs: { first_addition: { value: 1 }, third_addition: { value: 1 } },
        outputs: { fourth_addition: { result: 3 } },
        calls: {
          'diff#1': { first_value: 5, second_value: 3 },
          'first_addition#1': { value: 1 },
          'fourth_addition#1': { value: 2 },
          'second_addition#1': { value: 3 },
          'third_addition#1': { value: 1 },
        },
      },
    ]);
  });

  it('that has different combinations of branches that merge and do not merge', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('add_one', addFixedValue())
      .addComponent('parity', parity())
      .addComponent('add_ten', addFixedValue(10))
      .addComponent('double', double())
      .addComponent('add_four', addFixedValue(4))
      .addComponent('add_two', addFixedValue())
      .addComponent('add_two_as_well', addFixedValue())
      .addComponent('diff', subtract())
      .connect('add_one.result', 'parity.value')
      .connect('parity.even', 'add_four.value')
      .connect('parity.odd', 'double.value')
      .connect('add_ten.result', 'diff.first_value')
      .connect('double.value', 'diff.second_value')
      .connect('parity.odd', 'add_ten.value')
      .connect('add_four.result', 'add_two.value')
      .connect('add_four.result', 'add_two_as_well.value');
    await runScenario(p, [
      {
        inputs: { add_one: { value: 1 }, add_two: { add: 2 }, add_two_as_well: { add: 2 } },
        outputs: { add_two: { result: 8 }, add_two_as_well: { result: 8 } },
        calls: {
          'add_four#1': { value: 2 },
          'add_one#1': { value: 1 },
          'add_two#1': { add: 2, value: 6 },
          'add_two_as_well#1': { add: 2, value: 6 },
          'parity#1': { value: 2 },
        },
      },
      {
        inputs: { add_one: { value: 2 }, add_two: { add: 2 }, add_two_as_well: { add: 2 } },
        outputs: { diff: { difference: 7 } },
        calls: {
          'add_one#1': { value: 2 },
          'add_ten#1': { value: 3 },
          'diff#1': { first_value: 13, second_value: 6 },
          'double#1': { value: 3 },
          'parity#1': { value: 3 },
        },
      },
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

  it('that has a component with mutable input', async () => {
    const mangler = () =>
      new TestComponent(
        'hs.InputMangler',
        { input_list: { schema: z.array(schemas.str) } },
        { mangled_list: { schema: z.array(schemas.str) } },
        ({ input_list }) => {
          (input_list as string[]).push('extra_item');
          return { mangled_list: input_list };
        },
      );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('mangler1', mangler())
      .addComponent('mangler2', mangler())
      .addComponent('concat1', stringListJoiner())
      .addComponent('concat2', stringListJoiner())
      .connect('mangler1', 'concat1')
      .connect('mangler2', 'concat2');
    const inputList = ['foo', 'bar'];
    // Each component gets its own parsed copy of a pipeline value, so one mangler cannot change
    // what the other sees (Haystack deep-copies inputs for the same reason).
    const result = await p.run({ mangler1: { input_list: inputList }, mangler2: { input_list: inputList } });
    expect(result).toEqual({
      concat1: { output: ['foo', 'bar', 'extra_item'] },
      concat2: { output: ['foo', 'bar', 'extra_item'] },
    });
    expect(inputList).toEqual(['foo', 'bar']);
  });

  it('that has a component with mutable output sent to multiple inputs', async () => {
    const passThrough = new TestComponent(
      'hs.PassThrough',
      { prompt_source: { schema: schemas.messages } },
      { prompt: { schema: schemas.messages } },
      ({ prompt_source }) => ({
        prompt: prompt_source,
      }),
    );
    const merger = () =>
      new TestComponent(
        'hs.MessageMerger',
        { messages: { schema: schemas.messages }, metadata: { schema: z.record(z.string(), z.unknown()), optional: true } },
        { merged_message: { schema: schemas.str } },
        ({ messages }) => ({ merged_message: (messages as { content: string }[]).map((m) => m.content).join('\n') }),
      );
    const fakeGenerator = new TestComponent(
      'hs.FakeGenerator',
      { messages: { schema: schemas.messages } },
      { replies: { schema: schemas.messages } },
      () => ({
        replies: [ChatMessages.assistant('Fake message')],
      }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('prompt_builder', passThrough)
      .addComponent('llm', fakeGenerator)
      .addComponent('mm1', merger())
      .addComponent('mm2', merger())
      .connect('prompt_builder.prompt', 'llm.messages')
      .connect('prompt_builder.prompt', 'mm1')
      .connect('llm.replies', 'mm2');
    const messages = [
      ChatMessages.system('Always respond in English even if some input data is in other languages.'),
      ChatMessages.user('Tell me about Berlin'),
    ];
    const params = { metadata: { metadata_key: 'metadata_value', meta2: 'value2' } };
    await runScenario(p, [
      {
        inputs: { mm1: params, mm2: params, prompt_builder: { prompt_source: messages } },
        outputs: {
          mm1: {
            merged_message: 'Always respond in English even if some input data is in other languages.\nTell me about Berlin',
          },
          mm2: { merged_message: 'Fake message' },
        },
        calls: {
          'llm#1': { messages },
          'mm1#1': { messages, metadata: params.metadata },
          'mm2#1': { messages: [ChatMessages.assistant('Fake message')], metadata: params.metadata },
          'prompt_builder#1': { prompt_source: messages },
        },
      },
    ]);
  });

  it('that has a greedy and variadic component after a component with default input', async () => {
    const simple = doc('This is a simple document', { score: 0.72 });
    const retriever = fakeRetriever(() => [simple]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('retriever', retriever)
      .addComponent(
        'prompt_builder',
        promptBuilder({
          variables: ['documents', 'query'],
          render: (v) =>
            `Given this documents: ${(v['documents'] as Document[]).map((d) => d.content).join(', ')} Answer this question: ${v['query'] as string}`,
        }),
      )
      .addComponent('branch_joiner', branchJoiner(schemas.docs))
      .connect('retriever', 'branch_joiner')
      .connect('branch_joiner', 'prompt_builder.documents');
    await runScenario(p, [
      {
        inputs: { query: 'This is my question' },
        outputs: {
          prompt_builder: { prompt: 'Given this documents: This is a simple document Answer this question: This is my question' },
        },
        calls: {
          'branch_joiner#1': { value: [[simple]] },
          'prompt_builder#1': { documents: [simple], query: 'This is my question' },
          'retriever#1': { query: 'This is my question' },
        },
      },
    ]);
  });

  it('that has a component with only default inputs', async () => {
    const paris = doc('Paris is the capital of France', { score: 1.78 });
    const rome = doc('Rome is the capital of Italy', { score: 1.34 });
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent(
        'retriever',
        fakeRetriever(() => [paris, rome]),
      )
      .addComponent(
        'prompt_builder',
        promptBuilder({
          variables: ['documents', 'query'],
          render: (v) =>
            `Context:\n${(v['documents'] as Document[]).map((d) => `    ${d.content}\n`).join('')}Question: ${v['query'] as string}`,
        }),
      )
      .addComponent('generator', fixedGenerator(['Paris']))
      .addComponent('answer_builder', answerBuilder())
      .connect('retriever', 'prompt_builder.documents')
      .connect('prompt_builder.prompt', 'generator.prompt')
      .connect('generator.replies', 'answer_builder.replies')
      .connect('retriever.documents', 'answer_builder.documents');
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
    let called = false;
    const generator = new TestComponent(
      'hs.FakeGenerator',
      { prompt: { schema: schemas.str }, generation_kwargs: { schema: z.record(z.string(), z.unknown()), optional: true } },
      { replies: { schema: z.array(schemas.str) } },
      () => {
        const replies = called ? ['Rome'] : ['Paris'];
        called = true;
        return { replies };
      },
    );
    const router = conditionalRouter({ replies: z.array(schemas.str) }, [
      {
        name: 'correct_replies',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0] === 'Rome',
        output: (v) => v['replies'],
      },
      {
        name: 'incorrect_replies',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0] === 'Paris',
        output: (v) => v['replies'],
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent(
        'prompt_builder',
        promptBuilder({
          variables: ['query', 'previous_replies'],
          required: ['query'],
          render: (v) =>
            `Answer the following question.\n${v['previous_replies'] ? `Previously you replied incorrectly this:\n - ${(v['previous_replies'] as string[]).join(', ')}\n` : ''}Question: ${v['query'] as string}`,
        }),
      )
      .addComponent('generator', generator)
      .addComponent('router', router)
      .connect('prompt_builder.prompt', 'generator.prompt')
      .connect('generator.replies', 'router.replies')
      .connect('router.incorrect_replies', 'prompt_builder.previous_replies');
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

  it('that is linear and returns intermediate outputs', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('first_addition', addFixedValue(2))
      .addComponent('second_addition', addFixedValue())
      .addComponent('double', double())
      .connect('first_addition', 'double')
      .connect('double', 'second_addition');
    const calls = { 'double#1': { value: 3 }, 'first_addition#1': { value: 1 }, 'second_addition#1': { value: 6 } };
    await runScenario(p, [
      {
        inputs: { first_addition: { value: 1 } },
        include: ['second_addition', 'double', 'first_addition'],
        outputs: { double: { value: 6 }, first_addition: { result: 3 }, second_addition: { result: 7 } },
        calls,
      },
      {
        inputs: { first_addition: { value: 1 } },
        include: ['double'],
        outputs: { double: { value: 6 }, second_addition: { result: 7 } },
        calls,
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

  it('that is linear and returns intermediate outputs from multiple sockets', async () => {
    const doubleWithOriginal = new TestComponent(
      'hs.DoubleWithOriginal',
      { value: { schema: schemas.num } },
      { value: { schema: schemas.num }, original: { schema: schemas.num } },
      ({ value }) => ({ value: (value as number) * 2, original: value }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('first_addition', addFixedValue(2))
      .addComponent('second_addition', addFixedValue())
      .addComponent('double', doubleWithOriginal)
      .connect('first_addition', 'double')
      .connect('double.value', 'second_addition');
    const calls = { 'double#1': { value: 3 }, 'first_addition#1': { value: 1 }, 'second_addition#1': { value: 6 } };
    await runScenario(p, [
      {
        inputs: { first_addition: { value: 1 } },
        include: ['second_addition', 'double', 'first_addition'],
        outputs: { double: { original: 3, value: 6 }, first_addition: { result: 3 }, second_addition: { result: 7 } },
        calls,
      },
      {
        inputs: { first_addition: { value: 1 } },
        include: ['double'],
        outputs: { double: { original: 3, value: 6 }, second_addition: { result: 7 } },
        calls,
      },
    ]);
  });

  it("that has a component with default inputs that doesn't receive anything from its sender", async () => {
    const router = conditionalRouter({ sentence: schemas.str }, [
      {
        name: 'language_1',
        schema: schemas.str,
        when: (v) => (v['sentence'] as string).includes('reisen'),
        output: () => 'German',
      },
      {
        name: 'language_2',
        schema: schemas.str,
        when: (v) => (v['sentence'] as string).includes('viajar'),
        output: () => 'Spanish',
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('router', router)
      .addComponent(
        'pb',
        promptBuilder({ variables: ['language'], render: (v) => `Ok, I know, that's ${v['language'] as string}` }),
      )
      .connect('router.language_2', 'pb.language');
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
      () => ({
        results: 'This is the query result',
      }),
    );
    const router = conditionalRouter({ replies: z.array(schemas.str), question: schemas.str }, [
      {
        name: 'sql',
        schema: schemas.str,
        when: (v) => !(v['replies'] as string[])[0]!.includes('no_answer'),
        output: (v) => (v['replies'] as string[])[0],
      },
      {
        name: 'go_to_fallback',
        schema: schemas.str,
        when: (v) => (v['replies'] as string[])[0]!.includes('no_answer'),
        output: (v) => v['question'],
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent(
        'prompt',
        promptBuilder({
          variables: ['question', 'columns'],
          required: ['question', 'columns'],
          render: (v) =>
            `Question: ${v['question'] as string}; return 'no_answer' if needed. Columns: ${v['columns'] as string};`,
        }),
      )
      .addComponent('llm', generator())
      .addComponent('router', router)
      .addComponent(
        'fallback_prompt',
        promptBuilder({
          variables: ['question', 'columns'],
          required: ['question'],
          render: (v) => `The query was: ${v['question'] as string} and the table had columns: ${v['columns'] as string}.`,
        }),
      )
      .addComponent('fallback_llm', generator())
      .addComponent('sql_querier', sqlQuerier)
      .connect('prompt', 'llm')
      .connect('llm.replies', 'router.replies')
      .connect('router.sql', 'sql_querier.query')
      .connect('router.go_to_fallback', 'fallback_prompt.question')
      .connect('fallback_prompt', 'fallback_llm');
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
    let validatorCalled = false;
    const validator = new TestComponent(
      'hs.FakeOutputValidator',
      { replies: { schema: z.array(schemas.str) } },
      {
        valid_replies: { schema: z.array(schemas.str) },
        invalid_replies: { schema: z.array(schemas.str).nullable() },
        error_message: { schema: schemas.str.nullable() },
      },
      ({ replies }) => {
        if (!validatorCalled) {
          validatorCalled = true;
          return { invalid_replies: ['This is an invalid reply'], error_message: 'this is an error message' };
        }
        return { valid_replies: replies };
      },
    );
    const render = (v: Record<string, unknown>) =>
      `Here is the comment: ${v['comment'] as string}.${v['invalid_replies'] && v['error_message'] ? ` You already created: ${JSON.stringify(v['invalid_replies'])}; exception: ${v['error_message'] as string}` : ''}`;
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent('prompt_builder', promptBuilder({ variables: ['comment', 'invalid_replies', 'error_message'], render }))
      .addComponent('llm', fixedGenerator(['This is a valid reply']))
      .addComponent('output_validator', validator)
      .connect('prompt_builder.prompt', 'llm.prompt')
      .connect('llm.replies', 'output_validator.replies')
      .connect('output_validator.invalid_replies', 'prompt_builder.invalid_replies')
      .connect('output_validator.error_message', 'prompt_builder.error_message');
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
    const ranker = new TestComponent(
      'hs.FakeRanker',
      { query: { schema: schemas.str }, documents: { schema: schemas.docs }, top_k: { schema: schemas.num, optional: true } },
      { documents: { schema: schemas.docs } },
      ({ documents }) => ({ documents }),
    );
    const generator = () =>
      new TestComponent(
        'hs.FakeGenerator',
        { prompt: { schema: schemas.str }, generation_kwargs: { schema: z.record(z.string(), z.unknown()), optional: true } },
        { replies: { schema: z.array(schemas.str) }, meta: { schema: z.record(z.string(), z.unknown()) } },
        () => ({ replies: ['This is a reply'], meta: { meta_key: 'meta_value' } }),
      );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('retriever', retriever)
      .addComponent('ranker', ranker)
      .addComponent(
        'prompt_builder2',
        promptBuilder({
          variables: ['documents', 'question'],
          render: (v) =>
            `According to: ${(v['documents'] as Document[]).map((d) => d.content).join()} Answer: ${v['question'] as string}`,
        }),
      )
      .addComponent(
        'prompt_builder1',
        promptBuilder({ variables: ['question'], render: (v) => `Spellcheck: ${v['question'] as string}` }),
      )
      .addComponent(
        'prompt_builder3',
        promptBuilder({ variables: ['replies'], render: (v) => (v['replies'] as string[]).join(' ') }),
      )
      .addComponent('llm', generator())
      .addComponent('spellchecker', generator())
      .connect('prompt_builder1', 'spellchecker')
      .connect('spellchecker.replies', 'prompt_builder3')
      .connect('prompt_builder3', 'retriever.query')
      .connect('prompt_builder3', 'ranker.query')
      .connect('retriever.documents', 'ranker.documents')
      .connect('ranker.documents', 'prompt_builder2.documents')
      .connect('prompt_builder3', 'prompt_builder2.question')
      .connect('prompt_builder2', 'llm');
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

  it('that is a simple agent', async () => {
    let thoughtRuns = 0;
    const chatGenerator = (reply: () => string) =>
      new TestComponent(
        'hs.FakeChatGenerator',
        {
          messages: { schema: schemas.messages },
          generation_kwargs: { schema: z.record(z.string(), z.unknown()), optional: true },
        },
        { replies: { schema: schemas.messages } },
        () => ({ replies: [ChatMessages.assistant(reply())] }),
      );
    const thought = chatGenerator(() =>
      thoughtRuns++ === 0
        ? 'thinking\n Action: google_search[What is taller, Eiffel Tower or Leaning Tower of Pisa]\n'
        : 'thinking\n Action: finish[Eiffel Tower]\n',
    );
    const toolExtractor = new TestComponent(
      'hs.ToolExtractor',
      { messages: { schema: schemas.messages } },
      { output: { schema: z.array(schemas.str.nullable()) } },
      ({ messages }) => {
        const lines = (messages as { content: string }[]).at(-1)!.content.trim().split('\n').reverse();
        for (const line of lines) {
          const match = /Action:\s*(\w+)\[(.*?)\]/.exec(line);
          if (match) return { output: [match[1], match[2]] };
        }
        return { output: [null, null] };
      },
    );
    const concatenator = (suffix: string) =>
      new TestComponent(
        'hs.PromptConcatenator',
        { replies: { schema: schemas.messages }, current_prompt: { schema: schemas.messages } },
        { output: { schema: schemas.messages } },
        ({ replies, current_prompt }) => ({
          output: [
            ChatMessages.user(
              `${(current_prompt as { content: string }[]).at(-1)!.content}${(replies as { content: string }[]).at(-1)!.content}${suffix}`,
            ),
          ],
        }),
      );
    const searchOutputAdapter = new TestComponent(
      'hs.SearchOutputAdapter',
      { replies: { schema: schemas.messages } },
      { output: { schema: schemas.messages } },
      ({ replies }) => ({
        output: [ChatMessages.assistant(`Observation: ${(replies as { content: string }[]).at(-1)!.content}\n`)],
      }),
    );
    const router = conditionalRouter({ tool_id_and_param: z.array(schemas.str.nullable()) }, [
      {
        name: 'search',
        schema: schemas.str,
        when: (v) => String((v['tool_id_and_param'] as string[])[0]).includes('search'),
        output: (v) => (v['tool_id_and_param'] as string[])[1],
      },
      {
        name: 'finish',
        schema: schemas.str,
        when: (v) => String((v['tool_id_and_param'] as string[])[0]).includes('finish'),
        output: (v) => (v['tool_id_and_param'] as string[])[1],
      },
    ]);
    const search = new TestComponent(
      'hs.FakeWebSearch',
      { query: { schema: schemas.str } },
      { documents: { schema: schemas.docs } },
      () => ({
        documents: [doc('Eiffel Tower is 300 meters tall'), doc('Tower of Pisa is 55 meters tall')],
      }),
    );
    const p = new Pipeline()
      .addComponent('main_input', branchJoiner(schemas.messages))
      .addComponent('prompt_builder', chatPromptBuilder({ variables: ['query'] }))
      .addComponent('llm', thought)
      .addComponent('tool_extractor', toolExtractor)
      .addComponent('prompt_concatenator_after_action', concatenator(''))
      .addComponent('router', router)
      .addComponent('router_search', search)
      .addComponent('search_prompt_builder', chatPromptBuilder({ variables: ['documents', 'search_query'] }))
      .addComponent(
        'search_llm',
        chatGenerator(() => 'Tower of Pisa is 55 meters tall\n'),
      )
      .addComponent('search_output_adapter', searchOutputAdapter)
      .addComponent('prompt_concatenator_after_observation', concatenator('\nThought: '))
      .connect('main_input', 'prompt_builder.template')
      .connect('prompt_builder.prompt', 'llm.messages')
      .connect('llm.replies', 'prompt_concatenator_after_action.replies')
      .connect('prompt_builder.prompt', 'prompt_concatenator_after_action.current_prompt')
      .connect('prompt_concatenator_after_action', 'tool_extractor.messages')
      .connect('tool_extractor', 'router')
      .connect('router.search', 'router_search.query')
      .connect('router_search.documents', 'search_prompt_builder.documents')
      .connect('router.search', 'search_prompt_builder.search_query')
      .connect('search_prompt_builder.prompt', 'search_llm.messages')
      .connect('search_llm.replies', 'search_output_adapter.replies')
      .connect('search_output_adapter', 'prompt_concatenator_after_observation.replies')
      .connect('prompt_concatenator_after_action', 'prompt_concatenator_after_observation.current_prompt')
      .connect('prompt_concatenator_after_observation', 'main_input');
    const question = 'which tower is taller: eiffel tower or tower of pisa?';
    const { calls, tracer } = recordCalls();
    const result = await p.run(
      {
        main_input: { value: [ChatMessages.user('ReAct. Question: {{query}}\nThought:')] },
        prompt_builder: { query: question },
        search_prompt_builder: { template: [ChatMessages.user('Given: {{documents}}. Answer: {{search_query}}')] },
      },
      { tracer },
    );
    expect(result).toEqual({ router: { finish: 'Eiffel Tower' } });
    // Haystack's visits: the agent loop runs twice, the search branch once.
    expect(Object.keys(calls).sort()).toEqual(
      [
        'llm#1',
        'llm#2',
        'main_input#1',
        'main_input#2',
        'prompt_builder#1',
        'prompt_builder#2',
        'prompt_concatenator_after_action#1',
        'prompt_concatenator_after_action#2',
        'prompt_concatenator_after_observation#1',
        'router#1',
        'router#2',
        'router_search#1',
        'search_llm#1',
        'search_output_adapter#1',
        'search_prompt_builder#1',
        'tool_extractor#1',
        'tool_extractor#2',
      ].sort(),
    );
    expect(calls['router#1']).toEqual({
      tool_id_and_param: ['google_search', 'What is taller, Eiffel Tower or Leaning Tower of Pisa'],
    });
    expect(calls['router#2']).toEqual({ tool_id_and_param: ['finish', 'Eiffel Tower'] });
    expect(calls['router_search#1']).toEqual({ query: 'What is taller, Eiffel Tower or Leaning Tower of Pisa' });
    const secondTemplate = (calls['prompt_builder#2']!['template'] as { content: string }[])[0]!.content;
    expect(secondTemplate).toContain('Observation: Tower of Pisa is 55 meters tall\n\n\nThought: ');
    expect(calls['prompt_builder#2']!['query']).toBe(question);
    expect(calls['search_prompt_builder#1']!['search_query']).toBe('What is taller, Eiffel Tower or Leaning Tower of Pisa');
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
      let p: Pipeline = new Pipeline({ maxRunsPerComponent: 1 });
      for (const n of names) p = p.addComponent(`${n}_creator`, creator(`${n[0]!.toUpperCase()}${n.slice(1)} document`));
      p = p
        .addComponent('documents_joiner', documentJoiner())
        .connect('first_creator.documents', 'documents_joiner.documents')
        .connect('second_creator.documents', 'documents_joiner.documents')
        .connect('third_creator.documents', 'documents_joiner.documents');
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
    const p = new Pipeline()
      .addComponent('builder', promptBuilder({ variables: [], render: () => '{"disease": "Alzheimer", "year": 2023}' }))
      .addComponent('metadata_extractor', extractor)
      .addComponent('retriever', retriever)
      .addComponent('document_joiner', documentJoiner())
      .connect('builder.prompt', 'metadata_extractor.prompt')
      .connect('metadata_extractor.filters', 'retriever.filters')
      .connect('retriever.documents', 'document_joiner.documents');
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

  it('that is an agent that can use RAG', async () => {
    const router = conditionalRouter({ replies: z.array(schemas.str) }, [
      {
        name: 'search',
        schema: schemas.str,
        when: (v) => (v['replies'] as string[])[0]!.includes('search:'),
        output: (v) => (v['replies'] as string[])[0],
      },
      {
        name: 'answer',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0]!.includes('answer:'),
        output: (v) => v['replies'],
      },
    ]);
    const found = doc('This is a document potentially answering the question.', { meta: { access_group: 1 } });
    const concatenator = new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: schemas.str }, rag_answer: { schema: z.array(schemas.str) } },
      { output: { schema: schemas.str } },
      ({ current_prompt, rag_answer }) => ({ output: `${current_prompt as string}\n${(rag_answer as string[])[0]!}` }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent('joiner', branchJoiner(schemas.str))
      .addComponent('rag_llm', fixedGenerator(['This is all the information I found!']))
      .addComponent(
        'rag_prompt',
        promptBuilder({
          variables: ['query', 'documents'],
          render: (v) =>
            `Question: ${v['query'] as string} Documents: ${(v['documents'] as Document[]).map((d) => d.content).join()}`,
        }),
      )
      .addComponent(
        'agent_prompt',
        promptBuilder({
          variables: ['query'],
          render: (v) => `Use the RAG system. Here is the question: ${v['query'] as string}`,
        }),
      )
      .addComponent('agent_llm', fixedGenerator(['search: Can you help me?', 'answer: here is my answer']))
      .addComponent('router', router)
      .addComponent('concatenator', concatenator)
      .addComponent(
        'retriever',
        fakeRetriever(() => [found]),
      )
      .addComponent('answer_builder', answerBuilder())
      .connect('agent_prompt.prompt', 'joiner.value')
      .connect('joiner.value', 'agent_llm.prompt')
      .connect('agent_llm.replies', 'router.replies')
      .connect('router.search', 'retriever.query')
      .connect('router.answer', 'answer_builder.replies')
      .connect('retriever.documents', 'rag_prompt.documents')
      .connect('rag_prompt.prompt', 'rag_llm.prompt')
      .connect('rag_llm.replies', 'concatenator.rag_answer')
      .connect('joiner.value', 'concatenator.current_prompt')
      .connect('concatenator.output', 'joiner.value');
    const query = 'Does this run reliably?';
    const agentPrompt = `Use the RAG system. Here is the question: ${query}`;
    const secondPrompt = `${agentPrompt}\nThis is all the information I found!`;
    const ragPrompt = `Question: ${query} Documents: ${found.content}`;
    await runScenario(p, [
      {
        inputs: { agent_prompt: { query }, rag_prompt: { query }, answer_builder: { query } },
        outputs: { answer_builder: { answers: [{ data: 'answer: here is my answer', query, documents: [] }] } },
        calls: {
          'agent_llm#1': { prompt: agentPrompt },
          'agent_llm#2': { prompt: secondPrompt },
          'agent_prompt#1': { query },
          'answer_builder#1': { query, replies: ['answer: here is my answer'] },
          'concatenator#1': { current_prompt: agentPrompt, rag_answer: ['This is all the information I found!'] },
          'joiner#1': { value: [agentPrompt] },
          'joiner#2': { value: [secondPrompt] },
          'rag_llm#1': { prompt: ragPrompt },
          // Deferred until the retriever, its sender, has run (it could have run at once on the pipeline input).
          'rag_prompt#1': { query, documents: [found] },
          'retriever#1': { query: 'search: Can you help me?' },
          'router#1': { replies: ['search: Can you help me?'] },
          'router#2': { replies: ['answer: here is my answer'] },
        },
      },
    ]);
  });

  const feedbackRouter = () =>
    conditionalRouter({ replies: z.array(schemas.str), code: z.array(schemas.str) }, [
      {
        name: 'fail',
        schema: schemas.str,
        when: (v) => (v['replies'] as string[])[0]!.includes('FAIL'),
        output: (v) => (v['replies'] as string[])[0],
      },
      {
        name: 'pass',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0]!.includes('PASS'),
        output: (v) => v['code'],
      },
    ]);
  const feedbackConcatenator = () =>
    new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: z.array(schemas.str) }, feedback: { schema: schemas.str } },
      { output: { schema: schemas.str } },
      ({ current_prompt, feedback }) => ({ output: `${(current_prompt as string[])[0]!}\n${feedback as string}` }),
    );
  const codePrompt = () =>
    promptBuilder({
      variables: ['task', 'feedback'],
      required: ['task'],
      render: (v) =>
        `Generate code to solve the task: ${v['task'] as string}${v['feedback'] ? `\nFeedback: ${v['feedback'] as string}` : ''}`,
    });
  const feedbackPrompt = () =>
    promptBuilder({
      variables: ['code'],
      required: ['code'],
      render: (v) => `Check if this code is valid: ${(v['code'] as string[])[0]!}`,
    });
  const task = 'Generate code to generate christmas ascii-art';
  const feedbackLoopRun: RunData = {
    inputs: { code_prompt: { task }, answer_builder: { query: task } },
    outputs: { answer_builder: { answers: [{ data: 'valid code', query: task, documents: [] }] } },
    calls: {
      'answer_builder#1': { query: task, replies: ['valid code'] },
      'code_llm#1': { prompt: `Generate code to solve the task: ${task}` },
      'code_llm#2': { prompt: `Generate code to solve the task: ${task}\nFeedback: invalid code\nFAIL` },
      // Deferred (its optional feedback comes from the loop), then run with the feedback.
      'code_prompt#1': { feedback: '', task },
      'code_prompt#2': { feedback: 'invalid code\nFAIL', task },
      'concatenator#1': { current_prompt: ['invalid code'], feedback: 'FAIL' },
      'feedback_llm#1': { prompt: 'Check if this code is valid: invalid code' },
      'feedback_llm#2': { prompt: 'Check if this code is valid: valid code' },
      'feedback_prompt#1': { code: ['invalid code'] },
      'feedback_prompt#2': { code: ['valid code'] },
      'router#1': { code: ['invalid code'], replies: ['FAIL'] },
      'router#2': { code: ['valid code'], replies: ['PASS'] },
    },
  };

  it('that has a feedback loop', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 100 })
      .addComponent('code_llm', fixedGenerator(['invalid code', 'valid code']))
      .addComponent('code_prompt', codePrompt())
      .addComponent('feedback_prompt', feedbackPrompt())
      .addComponent('feedback_llm', fixedGenerator(['FAIL', 'PASS']))
      .addComponent('router', feedbackRouter())
      .addComponent('concatenator', feedbackConcatenator())
      .addComponent('answer_builder', answerBuilder())
      .connect('code_prompt.prompt', 'code_llm.prompt')
      .connect('code_llm.replies', 'feedback_prompt.code')
      .connect('feedback_llm.replies', 'router.replies')
      .connect('router.fail', 'concatenator.feedback')
      .connect('router.pass', 'answer_builder.replies')
      .connect('code_llm.replies', 'router.code')
      .connect('feedback_prompt.prompt', 'feedback_llm.prompt')
      .connect('code_llm.replies', 'concatenator.current_prompt')
      .connect('concatenator.output', 'code_prompt.feedback');
    await runScenario(p, [feedbackLoopRun]);
  });

  it('created in a non-standard order that has a loop', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent('concatenator', feedbackConcatenator())
      .addComponent('code_llm', fixedGenerator(['invalid code', 'valid code']))
      .addComponent('code_prompt', codePrompt())
      .addComponent('feedback_prompt', feedbackPrompt())
      .addComponent('feedback_llm', fixedGenerator(['FAIL', 'PASS']))
      .addComponent('router', feedbackRouter())
      .addComponent('answer_builder', answerBuilder())
      .connect('concatenator.output', 'code_prompt.feedback')
      .connect('code_prompt.prompt', 'code_llm.prompt')
      .connect('code_llm.replies', 'feedback_prompt.code')
      .connect('feedback_llm.replies', 'router.replies')
      .connect('router.fail', 'concatenator.feedback')
      .connect('feedback_prompt.prompt', 'feedback_llm.prompt')
      .connect('router.pass', 'answer_builder.replies')
      .connect('code_llm.replies', 'router.code')
      .connect('code_llm.replies', 'concatenator.current_prompt');
    await runScenario(p, [feedbackLoopRun]);
  });

  it('that has an agent with a feedback cycle', async () => {
    const fileEditor = new TestComponent(
      'hs.FakeFileEditor',
      { replies: { schema: z.array(schemas.str) } },
      { files: { schema: schemas.str } },
      () => ({
        files: 'This is the edited file content.',
      }),
    );
    const concatenator = new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: schemas.str }, files: { schema: schemas.str } },
      { output: { schema: schemas.str } },
      ({ current_prompt, files }) => ({ output: `${current_prompt as string}\n${files as string}` }),
    );
    const feedbackRouterWithPrompt = conditionalRouter({ replies: z.array(schemas.str), current_prompt: schemas.str }, [
      {
        name: 'fail',
        schema: schemas.str,
        when: (v) => (v['replies'] as string[])[0]!.includes('FAIL'),
        output: (v) => `${v['current_prompt'] as string}\n${(v['replies'] as string[])[0]!}`,
      },
      {
        name: 'pass',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0]!.includes('PASS'),
        output: (v) => v['replies'],
      },
    ]);
    const toolUseRouter = conditionalRouter({ replies: z.array(schemas.str) }, [
      {
        name: 'edit',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0]!.includes('Edit:'),
        output: (v) => v['replies'],
      },
      {
        name: 'done',
        schema: z.array(schemas.str),
        when: (v) => (v['replies'] as string[])[0]!.includes('Task finished!'),
        output: (v) => v['replies'],
      },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 8 })
      .addComponent('code_prompt', codePrompt())
      .addComponent('joiner', branchJoiner(schemas.str))
      .addComponent('code_llm', fixedGenerator(['Edit: file_1.py', 'Edit: file_2.py', 'Edit: file_3.py', 'Task finished!']))
      .addComponent('tool_use_router', toolUseRouter)
      .addComponent('file_editor', fileEditor)
      .addComponent('agent_concatenator', concatenator)
      .addComponent(
        'feedback_prompt',
        promptBuilder({
          variables: ['task_finished', 'code'],
          required: ['task_finished'],
          render: (v) => `Check: ${v['code'] as string}`,
        }),
      )
      .addComponent('feedback_llm', fixedGenerator(['FAIL', 'PASS']))
      .addComponent('feedback_router', feedbackRouterWithPrompt)
      .connect('code_prompt.prompt', 'joiner.value')
      .connect('joiner.value', 'code_llm.prompt')
      .connect('code_llm.replies', 'tool_use_router.replies')
      .connect('tool_use_router.edit', 'file_editor.replies')
      .connect('file_editor.files', 'agent_concatenator.files')
      .connect('joiner.value', 'agent_concatenator.current_prompt')
      .connect('agent_concatenator.output', 'joiner.value')
      .connect('tool_use_router.done', 'feedback_prompt.task_finished')
      .connect('agent_concatenator.output', 'feedback_prompt.code')
      .connect('feedback_prompt.prompt', 'feedback_llm.prompt')
      .connect('feedback_llm.replies', 'feedback_router.replies')
      .connect('agent_concatenator.output', 'feedback_router.current_prompt')
      .connect('feedback_router.fail', 'joiner.value');
    const { calls, tracer } = recordCalls();
    const result = await p.run({ code_prompt: { task } }, { tracer });
    expect(result).toEqual({ feedback_router: { pass: ['PASS'] } });
    const visits = (name: string) => Object.keys(calls).filter((k) => k.startsWith(`${name}#`)).length;
    expect(
      Object.fromEntries(
        [
          'code_prompt',
          'joiner',
          'code_llm',
          'tool_use_router',
          'file_editor',
          'agent_concatenator',
          'feedback_prompt',
          'feedback_llm',
          'feedback_router',
        ].map((n) => [n, visits(n)]),
      ),
    ).toEqual({
      code_prompt: 1,
      joiner: 8,
      code_llm: 8,
      tool_use_router: 8,
      file_editor: 6,
      agent_concatenator: 6,
      feedback_prompt: 2,
      feedback_llm: 2,
      feedback_router: 2,
    });
    const edited = '\nThis is the edited file content.';
    const start = `Generate code to solve the task: ${task}`;
    // The feedback prompt sees the latest concatenated prompt when the agent says it is done.
    expect(calls['feedback_prompt#1']).toEqual({ code: `${start}${edited.repeat(3)}`, task_finished: ['Task finished!'] });
    expect(calls['joiner#5']).toEqual({ value: [`${start}${edited.repeat(3)}\nFAIL`] });
    expect(calls['feedback_prompt#2']).toEqual({
      code: `${start}${edited.repeat(3)}\nFAIL${edited.repeat(3)}`,
      task_finished: ['Task finished!'],
    });
    expect(calls['tool_use_router#8']).toEqual({ replies: ['Task finished!'] });
  });

  it('that passes outputs that are consumed in cycle to outside the cycle', async () => {
    const validResponse = 'def generate_santa_sleigh(): return art';
    const concatenator = new TestComponent(
      'hs.OutputAdapter',
      {
        code_prompt: { schema: schemas.str },
        generated_code: { schema: z.array(schemas.str) },
        feedback: { schema: schemas.str },
      },
      { output: { schema: schemas.str } },
      ({ code_prompt, generated_code, feedback }) => ({
        output: `${code_prompt as string}\n${(generated_code as string[])[0]!}\n${feedback as string}`,
      }),
    );
    const answerBuilderWithPrompt = new TestComponent(
      'hs.AnswerBuilderWithPrompt',
      {
        replies: { schema: z.array(schemas.str) },
        query: { schema: schemas.str },
        prompt: { schema: schemas.str, optional: true },
      },
      { answers: { schema: z.array(z.record(z.string(), z.unknown())) } },
      ({ replies, query, prompt }) => ({ answers: [{ data: (replies as string[])[0], query, prompt }] }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 3 })
      .addComponent('concatenator', concatenator)
      .addComponent('code_llm', fixedGenerator(['invalid code', 'invalid code', validResponse]))
      .addComponent('code_prompt', promptBuilder({ variables: ['task'], render: (v) => v['task'] as string }))
      .addComponent('feedback_prompt', feedbackPrompt())
      .addComponent('feedback_llm', fixedGenerator(['FAIL', 'FAIL, come on, try again.', 'PASS']))
      .addComponent('router', feedbackRouter())
      .addComponent('joiner', branchJoiner(schemas.str))
      .addComponent('answer_builder', answerBuilderWithPrompt)
      .connect('concatenator.output', 'joiner.value')
      .connect('joiner.value', 'code_prompt.task')
      .connect('code_prompt.prompt', 'code_llm.prompt')
      .connect('code_prompt.prompt', 'concatenator.code_prompt')
      .connect('code_llm.replies', 'feedback_prompt.code')
      .connect('feedback_llm.replies', 'router.replies')
      .connect('router.fail', 'concatenator.feedback')
      .connect('feedback_prompt.prompt', 'feedback_llm.prompt')
      .connect('router.pass', 'answer_builder.replies')
      .connect('code_llm.replies', 'router.code')
      .connect('code_llm.replies', 'concatenator.generated_code')
      .connect('concatenator.output', 'answer_builder.prompt');
    const second = `${task}\ninvalid code\nFAIL`;
    const expectedPrompt = `${second}\ninvalid code\nFAIL, come on, try again.`;
    await runScenario(p, [
      {
        inputs: { joiner: { value: task }, answer_builder: { query: task } },
        outputs: { answer_builder: { answers: [{ data: validResponse, query: task, prompt: expectedPrompt }] } },
        calls: {
          // The prompt it gets is the one the cycle produced last, kept until it runs.
          'answer_builder#1': { prompt: expectedPrompt, query: task, replies: [validResponse] },
          'code_llm#1': { prompt: task },
          'code_llm#2': { prompt: second },
          'code_llm#3': { prompt: expectedPrompt },
          'code_prompt#1': { task },
          'code_prompt#2': { task: second },
          'code_prompt#3': { task: expectedPrompt },
          'concatenator#1': { code_prompt: task, feedback: 'FAIL', generated_code: ['invalid code'] },
          'concatenator#2': { code_prompt: second, feedback: 'FAIL, come on, try again.', generated_code: ['invalid code'] },
          'feedback_llm#1': { prompt: 'Check if this code is valid: invalid code' },
          'feedback_llm#2': { prompt: 'Check if this code is valid: invalid code' },
          'feedback_llm#3': { prompt: `Check if this code is valid: ${validResponse}` },
          'feedback_prompt#1': { code: ['invalid code'] },
          'feedback_prompt#2': { code: ['invalid code'] },
          'feedback_prompt#3': { code: [validResponse] },
          'joiner#1': { value: [task] },
          'joiner#2': { value: [second] },
          'joiner#3': { value: [expectedPrompt] },
          'router#1': { code: ['invalid code'], replies: ['FAIL'] },
          'router#2': { code: ['invalid code'], replies: ['FAIL, come on, try again.'] },
          'router#3': { code: [validResponse], replies: ['PASS'] },
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

  const source = (mime: string, text: string, fileType: string): Source => ({ mime, text, meta: { file_type: fileType } });
  const asDoc = (src: Source): Document => ({
    id: `${src.meta['file_type'] as string}:${src.text}`,
    content: src.text,
    meta: src.meta,
  });
  const splitDoc = (d: Document, i: number, content: string): Document => ({
    ...d,
    id: `${d.id}#${i}`,
    content,
    meta: { ...d.meta, split_id: i },
  });

  it('that is a file conversion pipeline with two joiners', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('router', fileTypeRouter(['text/csv', 'text/plain', 'application/json']))
      .addComponent('splitter', wordSplitter(3))
      .addComponent('txt_converter', converter())
      .addComponent('csv_converter', converter())
      .addComponent('json_converter', converter())
      .addComponent('b_joiner', documentJoiner())
      .addComponent('a_joiner', documentJoiner())
      .connect('router.text/plain', 'txt_converter.sources')
      .connect('router.application/json', 'json_converter.sources')
      .connect('router.text/csv', 'csv_converter.sources')
      .connect('txt_converter.documents', 'b_joiner.documents')
      .connect('json_converter.documents', 'b_joiner.documents')
      .connect('csv_converter.documents', 'a_joiner.documents')
      .connect('b_joiner.documents', 'splitter.documents')
      .connect('splitter.documents', 'a_joiner.documents');
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

  const threeJoiners = (p: Pipeline) =>
    p
      .addComponent('router', fileTypeRouter(['text/csv', 'text/plain', 'application/json', 'text/html']))
      .addComponent('splitter', wordSplitter(3))
      .addComponent('txt_converter', converter())
      .addComponent('csv_converter', converter())
      .addComponent('json_converter', converter())
      .addComponent('html_converter', converter())
      .addComponent('joiner', documentJoiner())
      .addComponent('DocumentJoiner_1', documentJoiner())
      .addComponent('DocumentJoiner_2', documentJoiner())
      .addComponent('page_splitter', wordSplitter(1000))
      .connect('router.text/plain', 'txt_converter.sources')
      .connect('router.application/json', 'json_converter.sources')
      .connect('router.text/csv', 'csv_converter.sources')
      .connect('router.text/html', 'html_converter.sources')
      .connect('txt_converter.documents', 'joiner.documents')
      .connect('json_converter.documents', 'joiner.documents')
      .connect('csv_converter.documents', 'DocumentJoiner_1.documents')
      .connect('html_converter.documents', 'DocumentJoiner_1.documents')
      .connect('joiner.documents', 'splitter.documents')
      .connect('DocumentJoiner_1.documents', 'page_splitter.documents')
      .connect('splitter.documents', 'DocumentJoiner_2.documents')
      .connect('page_splitter.documents', 'DocumentJoiner_2.documents');
  const textAndHtml = [source('text/plain', 'Text file content', 'txt'), source('text/html', 'Some content', 'html')];
  const [txtDoc, htmlDoc] = textAndHtml.map(asDoc) as [Document, Document];
  const txtSplit = splitDoc(txtDoc, 0, 'Text file content');
  const htmlPage = splitDoc(htmlDoc, 0, 'Some content');

  it('that is a file conversion pipeline with three joiners', async () => {
    const p = threeJoiners(new Pipeline({ maxRunsPerComponent: 1 }));
    await runScenario(p, [
      {
        inputs: { router: { sources: textAndHtml } },
        // Haystack: any order. Ours: both splitters run in one wave, by name (page_splitter first).
        outputs: { DocumentJoiner_2: { documents: [htmlPage, txtSplit] } },
        calls: {
          'router#1': { sources: textAndHtml },
          'html_converter#1': { sources: [textAndHtml[1]] },
          'txt_converter#1': { sources: [textAndHtml[0]] },
          'joiner#1': { documents: [[txtDoc]] },
          'DocumentJoiner_1#1': { documents: [[htmlDoc]] },
          'DocumentJoiner_2#1': { documents: [[htmlPage], [txtSplit]] },
          'splitter#1': { documents: [txtDoc] },
          'page_splitter#1': { documents: [htmlDoc] },
        },
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
    const extractionRouter = conditionalRouter({ documents: schemas.docs }, [
      {
        name: 'continue',
        schema: schemas.docs,
        when: (v) => (v['documents'] as Document[])[0]!.meta['iteration'] === 1,
        output: (v) => v['documents'],
      },
      {
        name: 'stop',
        schema: schemas.docs,
        when: (v) => (v['documents'] as Document[])[0]!.meta['iteration'] === 2,
        output: (v) => v['documents'],
      },
    ]);
    const p = threeJoiners(new Pipeline({ maxRunsPerComponent: 2 }))
      .addComponent('metadata_generator', extractor)
      .addComponent('extraction_router', extractionRouter)
      .addComponent('branch_joiner', branchJoiner(schemas.docs))
      .connect('DocumentJoiner_2.documents', 'branch_joiner.value')
      .connect('branch_joiner.value', 'metadata_generator.documents')
      .connect('metadata_generator.documents', 'extraction_router.documents')
      .connect('extraction_router.continue', 'branch_joiner.value');
    const withIteration = (n: number) => [htmlPage, txtSplit].map((d) => ({ ...d, meta: { ...d.meta, iteration: n } }));
    await runScenario(p, [
      {
        inputs: { router: { sources: textAndHtml } },
        outputs: { extraction_router: { stop: withIteration(2) } },
        calls: {
          'router#1': { sources: textAndHtml },
          'html_converter#1': { sources: [textAndHtml[1]] },
          'txt_converter#1': { sources: [textAndHtml[0]] },
          'joiner#1': { documents: [[txtDoc]] },
          'DocumentJoiner_1#1': { documents: [[htmlDoc]] },
          'DocumentJoiner_2#1': { documents: [[htmlPage], [txtSplit]] },
          'splitter#1': { documents: [txtDoc] },
          'page_splitter#1': { documents: [htmlDoc] },
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

  it('where a component in a cycle provides inputs for a component outside the cycle in one iteration and no input in another iteration', async () => {
    const four = 'iteration'.repeat(4);
    const two = 'iteration'.repeat(2);
    const router = conditionalRouter({ query: schemas.str }, [
      { name: 'exit', schema: schemas.str, when: (v) => v['query'] === four, output: (v) => v['query'] },
      { name: 'continue', schema: schemas.str, when: (v) => v['query'] !== four, output: (v) => v['query'] },
    ]);
    const outsideRouter = conditionalRouter({ query: schemas.str }, [
      { name: 'cycle_output', schema: schemas.str, when: (v) => v['query'] === two, output: (v) => v['query'] },
      { name: 'no_output', schema: schemas.str, when: (v) => v['query'] !== two, output: (v) => v['query'] },
    ]);
    const p = new Pipeline({ maxRunsPerComponent: 2 })
      .addComponent('joiner', branchJoiner(schemas.str))
      .addComponent('router', router)
      .addComponent(
        'builder',
        promptBuilder({ variables: ['query'], render: (v) => `${v['query'] as string}${v['query'] as string}` }),
      )
      .addComponent(
        'outside_builder',
        promptBuilder({
          variables: ['cycle_output', 'delayed_input'],
          required: ['cycle_output', 'delayed_input'],
          render: (v) => `${v['cycle_output'] as string}${v['delayed_input'] as string}`,
        }),
      )
      .addComponent('outside_router', outsideRouter)
      .connect('joiner.value', 'builder.query')
      .connect('builder.prompt', 'router.query')
      .connect('router.continue', 'joiner.value')
      .connect('builder.prompt', 'outside_router.query')
      .connect('outside_router.cycle_output', 'outside_builder.cycle_output')
      .connect('router.exit', 'outside_builder.delayed_input');
    await runScenario(p, [
      {
        inputs: { joiner: { value: 'iteration' } },
        outputs: { outside_builder: { prompt: `${two}${four}` }, outside_router: { no_output: four } },
        calls: {
          'joiner#1': { value: ['iteration'] },
          'builder#1': { query: 'iteration' },
          'router#1': { query: two },
          'outside_router#1': { query: two },
          'joiner#2': { value: [two] },
          'builder#2': { query: two },
          'router#2': { query: four },
          'outside_router#2': { query: four },
          'outside_builder#1': { cycle_output: two, delayed_input: four },
        },
      },
    ]);
  });

  it('that is blocked because not enough component inputs', async () => {
    const router = conditionalRouter({ streams: z.array(schemas.num), query: schemas.str }, [
      { name: 'query', schema: schemas.str, when: (v) => (v['streams'] as number[]).length < 2, output: (v) => v['query'] },
      {
        name: 'streams',
        schema: z.array(schemas.num),
        when: (v) => (v['streams'] as number[]).length >= 2,
        output: (v) => v['streams'],
      },
    ]);
    const payloadBuilder = new TestComponent(
      'hs.PayloadBuilder',
      { streams: { schema: z.array(schemas.num) }, query: { schema: schemas.str } },
      { payload: { schema: z.record(z.string(), z.unknown()) } },
      (inputs) => ({ payload: inputs }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('router', router)
      .addComponent('payload_builder', payloadBuilder)
      .connect('router.streams', 'payload_builder.streams')
      .connect('router.query', 'payload_builder.query');
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
      ({ documents }) => ({
        documents_written: (documents as Document[]).length,
      }),
    );
    // No joiner components: several senders into one list socket join their lists (smart connection).
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('router', fileTypeRouter(['text/csv', 'text/plain', 'application/json', 'text/html']))
      .addComponent('splitter', wordSplitter(3))
      .addComponent('txt_converter', converter())
      .addComponent('csv_converter', converter())
      .addComponent('json_converter', converter())
      .addComponent('html_converter', converter())
      .addComponent('writer', writer)
      .addComponent('page_splitter', wordSplitter(1000))
      .connect('router.text/plain', 'txt_converter.sources')
      .connect('router.application/json', 'json_converter.sources')
      .connect('router.text/csv', 'csv_converter.sources')
      .connect('router.text/html', 'html_converter.sources')
      .connect('txt_converter.documents', 'splitter.documents')
      .connect('json_converter.documents', 'splitter.documents')
      .connect('csv_converter.documents', 'page_splitter.documents')
      .connect('html_converter.documents', 'page_splitter.documents')
      .connect('splitter.documents', 'writer.documents')
      .connect('page_splitter.documents', 'writer.documents');
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
    const ranker = new TestComponent(
      'hs.FakeRanker',
      { documents: { schema: schemas.docs } },
      { documents: { schema: schemas.docs } },
      ({ documents }) => ({ documents }),
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('retriever', retriever)
      .addComponent('ranker', ranker)
      .connect('retriever.documents', 'ranker.documents');
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
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent(
        'chat_generator',
        chatGenerator(() => [ChatMessages.assistant('Pisa tower height')]),
      )
      .addComponent(
        'retriever',
        fakeRetriever(() => [found]),
      )
      .connect('chat_generator', 'retriever');
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
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('agent', agent)
      .addComponent('answer_builder', builder)
      .connect('agent.last_message', 'answer_builder.replies');
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
      conditionalRouter({ number: schemas.num }, [
        { name: 'big_number', schema: schemas.num, when: (v) => (v['number'] as number) > 2, output: (v) => v['number'] },
        {
          name: 'small_number',
          schema: schemas.num,
          when: (v) => (v['number'] as number) <= 2,
          output: (v) => (v['number'] as number) + 2,
        },
      ]);
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent('main_input', branchJoiner(schemas.num))
      .addComponent('first_router', routes())
      .addComponent('second_router', routes())
      .connect('main_input', 'first_router.number')
      .connect('first_router.big_number', 'second_router.number')
      .connect('second_router.big_number', 'main_input');
    await expect(p.run({ main_input: { value: 3 } })).rejects.toBeInstanceOf(PipelineMaxRunsError);
  });

  it("that has a component that doesn't return a dictionary → ComponentError (Haystack: PipelineRuntimeError)", async () => {
    const broken = new TestComponent(
      'hs.BrokenComponent',
      { a: { schema: schemas.num } },
      { b: { schema: schemas.num } },
      () => 1 as unknown as Record<string, unknown>,
    );
    const p = new Pipeline({ maxRunsPerComponent: 10 }).addComponent('comp', broken);
    const error = await p.run({ comp: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as Error).message).toMatch(/run\(\) must resolve to an object keyed by output socket, got a number/);
  });

  it('that has a cycle that would get it stuck → PipelineComponentsBlockedError', async () => {
    let called = false;
    const validator = new TestComponent(
      'hs.FakeOutputValidator',
      { replies: { schema: z.array(schemas.str) } },
      {
        valid_replies: { schema: z.array(schemas.str) },
        invalid_replies: { schema: z.array(schemas.str) },
        error_message: { schema: schemas.str },
      },
      ({ replies }) => {
        if (called) return { valid_replies: replies };
        called = true;
        return { invalid_replies: ['This is an invalid reply'], error_message: 'this is an error message' };
      },
    );
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent(
        'prompt_builder',
        promptBuilder({
          variables: ['comment', 'invalid_replies', 'error_message'],
          required: ['comment', 'invalid_replies', 'error_message'],
          render: () => '',
        }),
      )
      .addComponent('llm', fixedGenerator(['This is a valid reply']))
      .addComponent('output_validator', validator)
      .connect('prompt_builder.prompt', 'llm.prompt')
      .connect('llm.replies', 'output_validator.replies')
      .connect('output_validator.invalid_replies', 'prompt_builder.invalid_replies')
      .connect('output_validator.error_message', 'prompt_builder.error_message');
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
    const p = new Pipeline({ maxRunsPerComponent: 1 })
      .addComponent(
        'chat_generator',
        chatGenerator(() => [ChatMessages.assistant('one'), ChatMessages.assistant('two')]),
      )
      .addComponent(
        'retriever',
        fakeRetriever(() => []),
      )
      .connect('chat_generator', 'retriever');
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
