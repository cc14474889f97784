/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: linear pipelines, branches that merge or not, defaults and intermediate outputs.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { chatGenerator, doc, fakeRetriever, pipelineOf, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { ChatMessages } from '../chat/chat-message.js';
import type { Document } from '../document.js';
import { Pipeline } from './pipeline.js';

describe("Haystack's pipeline_run.feature: branches and merges", () => {
  it('that has no components', async () => {
    await runScenario(pipelineOf({ maxRunsPerComponent: 1 }, {}), [{ inputs: {}, outputs: {}, calls: {} }]);
  });

  /** `first_addition` (+2) → `double` → `second_addition` (+1); `doubler` is the middle component. */
  const linear = (doubler: TestComponent = hs.double()) =>
    pipelineOf(
      { maxRunsPerComponent: 1 },
      { first_addition: hs.addFixedValue(2), second_addition: hs.addFixedValue(), double: doubler },
      ['first_addition -> double', 'double.value -> second_addition'],
    );

  it('that is linear', async () => {
    await runScenario(linear(), [
      {
        inputs: { first_addition: { value: 1 } },
        outputs: { second_addition: { result: 7 } },
        calls: { 'first_addition#1': { value: 1 }, 'double#1': { value: 3 }, 'second_addition#1': { value: 6 } },
      },
    ]);
  });

  it('that is really complex with lots of components, forks, and loops', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 3 },
      {
        greet_first: hs.greet(),
        accumulate_1: hs.accumulate(),
        add_two: hs.addFixedValue(2),
        parity: hs.parity(),
        add_one: hs.addFixedValue(1),
        accumulate_2: hs.accumulate(),
        branch_joiner: hs.branchJoiner(schemas.num),
        below_10: hs.threshold(10),
        double: hs.double(),
        greet_again: hs.greet(),
        sum: hs.sum(),
        greet_enumerator: hs.greet(),
        enumerate: hs.repeat(['first', 'second']),
        add_three: hs.addFixedValue(3),
        diff: hs.subtract(),
        greet_one_last_time: hs.greet(),
        replicate: hs.repeat(['first', 'second']),
        add_five: hs.addFixedValue(5),
        add_four: hs.addFixedValue(4),
        accumulate_3: hs.accumulate(),
      },
      [
        'greet_first -> accumulate_1 -> add_two -> parity',
        'parity.even -> greet_again',
        'greet_again -> sum.values',
        'sum -> diff.first_value',
        'diff -> greet_one_last_time -> replicate',
        'replicate.first -> add_five.value',
        'replicate.second -> add_four.value',
        'add_four -> accumulate_3',
        'parity.odd -> add_one.value',
        'add_one -> branch_joiner.value',
        'branch_joiner -> below_10',
        'below_10.below -> double',
        'double -> branch_joiner.value',
        'below_10.above -> accumulate_2',
        'accumulate_2 -> diff.second_value',
        'greet_enumerator -> enumerate',
        'enumerate.second -> sum.values',
        'enumerate.first -> add_three.value',
        'add_three -> sum.values',
      ],
    );
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
    await runScenario(pipelineOf({ maxRunsPerComponent: 1 }, { with_defaults: withDefault }), [
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

  it('that has a component with dynamic inputs defined in init', async () => {
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      { hello: hs.hello(), fstring: hs.fString('This is the greeting: {greeting}!', ['greeting']), splitter: hs.textSplitter() },
      ['hello.output -> fstring.greeting', 'fstring.string -> splitter.sentence'],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        add_one: hs.addFixedValue(1),
        parity: hs.parity(),
        add_ten: hs.addFixedValue(10),
        double: hs.double(),
        add_three: hs.addFixedValue(3),
      },
      [
        'add_one.result -> parity.value',
        'parity.even -> add_ten.value',
        'parity.odd -> double.value',
        'add_ten.result -> add_three.value',
      ],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        add_one: hs.addFixedValue(1),
        repeat: hs.repeat(['first', 'second']),
        add_ten: hs.addFixedValue(10),
        double: hs.double(),
        add_three: hs.addFixedValue(3),
        add_one_again: hs.addFixedValue(1),
      },
      [
        'add_one.result -> repeat.value',
        'repeat.first -> add_ten.value',
        'repeat.second -> double.value',
        'repeat.second -> add_three.value',
        'add_three.result -> add_one_again.value',
      ],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        first_addition: hs.addFixedValue(2),
        second_addition: hs.addFixedValue(2),
        third_addition: hs.addFixedValue(2),
        diff: hs.subtract(),
        fourth_addition: hs.addFixedValue(1),
      },
      [
        'first_addition.result -> second_addition.value',
        'second_addition.result -> diff.first_value',
        'third_addition.result -> diff.second_value',
        'diff -> fourth_addition.value',
      ],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        add_one: hs.addFixedValue(),
        parity: hs.parity(),
        add_ten: hs.addFixedValue(10),
        double: hs.double(),
        add_four: hs.addFixedValue(4),
        add_two: hs.addFixedValue(),
        add_two_as_well: hs.addFixedValue(),
        diff: hs.subtract(),
      },
      [
        'add_one.result -> parity.value',
        'parity.even -> add_four.value',
        'parity.odd -> double.value',
        'add_ten.result -> diff.first_value',
        'double.value -> diff.second_value',
        'parity.odd -> add_ten.value',
        'add_four.result -> add_two.value',
        'add_four.result -> add_two_as_well.value',
      ],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      { mangler1: mangler(), mangler2: mangler(), concat1: hs.stringListJoiner(), concat2: hs.stringListJoiner() },
      ['mangler1 -> concat1', 'mangler2 -> concat2'],
    );
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
    const promptSource = new TestComponent(
      'hs.PassThrough',
      { prompt_source: { schema: schemas.messages } },
      { prompt: { schema: schemas.messages } },
      ({ prompt_source }) => ({ prompt: prompt_source }),
    );
    const merger = () =>
      new TestComponent(
        'hs.MessageMerger',
        { messages: { schema: schemas.messages }, metadata: { schema: z.record(z.string(), z.unknown()), optional: true } },
        { merged_message: { schema: schemas.str } },
        ({ messages }) => ({ merged_message: (messages as { content: string }[]).map((m) => m.content).join('\n') }),
      );
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      {
        prompt_builder: promptSource,
        llm: chatGenerator(() => [ChatMessages.assistant('Fake message')]),
        mm1: merger(),
        mm2: merger(),
      },
      ['prompt_builder.prompt -> llm.messages', 'prompt_builder.prompt -> mm1', 'llm.replies -> mm2'],
    );
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
    const prompt = hs.promptBuilder({
      variables: ['documents', 'query'],
      render: (v) =>
        `Given this documents: ${(v['documents'] as Document[]).map((d) => d.content).join(', ')} Answer this question: ${v['query'] as string}`,
    });
    const p = pipelineOf(
      { maxRunsPerComponent: 1 },
      { retriever: fakeRetriever(() => [simple]), prompt_builder: prompt, branch_joiner: hs.branchJoiner(schemas.docs) },
      ['retriever -> branch_joiner -> prompt_builder.documents'],
    );
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

  /** Haystack's `DoubleWithOriginal`: the doubled value and, on a second socket, the original. */
  const doubleWithOriginal = () =>
    new TestComponent(
      'hs.DoubleWithOriginal',
      { value: { schema: schemas.num } },
      { value: { schema: schemas.num }, original: { schema: schemas.num } },
      ({ value }) => ({ value: (value as number) * 2, original: value }),
    );

  // The linear pipeline with a middle component of one output socket, then of two.
  for (const { title, doubler, doubled } of [
    { title: 'that is linear and returns intermediate outputs', doubler: hs.double, doubled: { value: 6 } },
    {
      title: 'that is linear and returns intermediate outputs from multiple sockets',
      doubler: doubleWithOriginal,
      doubled: { original: 3, value: 6 },
    },
  ]) {
    it(title, async () => {
      const calls = { 'double#1': { value: 3 }, 'first_addition#1': { value: 1 }, 'second_addition#1': { value: 6 } };
      await runScenario(linear(doubler()), [
        {
          inputs: { first_addition: { value: 1 } },
          include: ['second_addition', 'double', 'first_addition'],
          outputs: { double: doubled, first_addition: { result: 3 }, second_addition: { result: 7 } },
          calls,
        },
        {
          inputs: { first_addition: { value: 1 } },
          include: ['double'],
          outputs: { double: doubled, second_addition: { result: 7 } },
          calls,
        },
      ]);
    });
  }
});
