/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: feedback loops (also built in a non-standard order), outputs leaving a cycle, and an agent with a feedback cycle.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { pipelineOf, type RunData, recordCalls, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';

describe("Haystack's pipeline_run.feature: feedback loops and cycles", () => {
  const firstReply = (v: Record<string, unknown>) => (v['replies'] as string[])[0]!;
  const says = (word: string) => (v: Record<string, unknown>) => firstReply(v).includes(word);
  const feedbackRouter = () =>
    hs.conditionalRouter({ replies: z.array(schemas.str), code: z.array(schemas.str) }, [
      hs.route('fail', schemas.str, says('FAIL'), firstReply),
      hs.route('pass', z.array(schemas.str), says('PASS'), 'code'),
    ]);
  const feedbackConcatenator = () =>
    new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: z.array(schemas.str) }, feedback: { schema: schemas.str } },
      { output: { schema: schemas.str } },
      ({ current_prompt, feedback }) => ({ output: `${(current_prompt as string[])[0]!}\n${feedback as string}` }),
    );
  const codePrompt = () =>
    hs.promptBuilder({
      variables: ['task', 'feedback'],
      required: ['task'],
      render: (v) =>
        `Generate code to solve the task: ${v['task'] as string}${v['feedback'] ? `\nFeedback: ${v['feedback'] as string}` : ''}`,
    });
  const feedbackPrompt = () =>
    hs.promptBuilder({
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

  /** The feedback loop's components and connections; `order` permutes how they are added. */
  const feedbackLoop = (maxRunsPerComponent: number, order: (i: number, n: number) => number) => {
    const components = {
      code_llm: hs.fixedGenerator(['invalid code', 'valid code']),
      code_prompt: codePrompt(),
      feedback_prompt: feedbackPrompt(),
      feedback_llm: hs.fixedGenerator(['FAIL', 'PASS']),
      router: feedbackRouter(),
      concatenator: feedbackConcatenator(),
      answer_builder: hs.answerBuilder(),
    };
    const edges = [
      'code_prompt.prompt -> code_llm.prompt',
      'code_llm.replies -> feedback_prompt.code',
      'feedback_llm.replies -> router.replies',
      'router.fail -> concatenator.feedback',
      'router.pass -> answer_builder.replies',
      'code_llm.replies -> router.code',
      'feedback_prompt.prompt -> feedback_llm.prompt',
      'code_llm.replies -> concatenator.current_prompt',
      'concatenator.output -> code_prompt.feedback',
    ];
    const permute = <T>(list: T[]): T[] => list.map((_, i) => list[order(i, list.length)]!);
    return pipelineOf({ maxRunsPerComponent }, Object.fromEntries(permute(Object.entries(components))), permute(edges));
  };

  it('that has a feedback loop', async () => {
    await runScenario(
      feedbackLoop(100, (i) => i),
      [feedbackLoopRun],
    );
  });

  it('created in a non-standard order that has a loop', async () => {
    // The last component and connection first: the run does not depend on the order of building.
    await runScenario(
      feedbackLoop(2, (i, n) => (i + n - 1) % n),
      [feedbackLoopRun],
    );
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
    const p = pipelineOf(
      { maxRunsPerComponent: 3 },
      {
        concatenator,
        code_llm: hs.fixedGenerator(['invalid code', 'invalid code', validResponse]),
        code_prompt: hs.promptBuilder({ variables: ['task'], render: (v) => v['task'] as string }),
        feedback_prompt: feedbackPrompt(),
        feedback_llm: hs.fixedGenerator(['FAIL', 'FAIL, come on, try again.', 'PASS']),
        router: feedbackRouter(),
        joiner: hs.branchJoiner(schemas.str),
        answer_builder: answerBuilderWithPrompt,
      },
      [
        'concatenator.output -> joiner.value',
        'joiner.value -> code_prompt.task',
        'code_prompt.prompt -> code_llm.prompt',
        'code_prompt.prompt -> concatenator.code_prompt',
        'code_llm.replies -> feedback_prompt.code',
        'feedback_llm.replies -> router.replies',
        'router.fail -> concatenator.feedback',
        'feedback_prompt.prompt -> feedback_llm.prompt',
        'router.pass -> answer_builder.replies',
        'code_llm.replies -> router.code',
        'code_llm.replies -> concatenator.generated_code',
        'concatenator.output -> answer_builder.prompt',
      ],
    );
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

  it('where a component in a cycle provides inputs for a component outside the cycle in one iteration and no input in another iteration', async () => {
    const four = 'iteration'.repeat(4);
    const two = 'iteration'.repeat(2);
    /** Routes `query` to `yes` when it is `value`, else to `no`. */
    const routeIf = (value: string, yes: string, no: string) =>
      hs.conditionalRouter({ query: schemas.str }, [
        hs.route(yes, schemas.str, (v) => v['query'] === value, 'query'),
        hs.route(no, schemas.str, (v) => v['query'] !== value, 'query'),
      ]);
    const p = pipelineOf(
      { maxRunsPerComponent: 2 },
      {
        joiner: hs.branchJoiner(schemas.str),
        router: routeIf(four, 'exit', 'continue'),
        builder: hs.promptBuilder({ variables: ['query'], render: (v) => `${v['query'] as string}${v['query'] as string}` }),
        outside_builder: hs.promptBuilder({
          variables: ['cycle_output', 'delayed_input'],
          required: ['cycle_output', 'delayed_input'],
          render: (v) => `${v['cycle_output'] as string}${v['delayed_input'] as string}`,
        }),
        outside_router: routeIf(two, 'cycle_output', 'no_output'),
      },
      [
        'joiner.value -> builder.query',
        'builder.prompt -> router.query',
        'router.continue -> joiner.value',
        'builder.prompt -> outside_router.query',
        'outside_router.cycle_output -> outside_builder.cycle_output',
        'router.exit -> outside_builder.delayed_input',
      ],
    );
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

  it('that has an agent with a feedback cycle', async () => {
    const fileEditor = new TestComponent(
      'hs.FakeFileEditor',
      { replies: { schema: z.array(schemas.str) } },
      { files: { schema: schemas.str } },
      () => ({ files: 'This is the edited file content.' }),
    );
    const concatenator = new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: schemas.str }, files: { schema: schemas.str } },
      { output: { schema: schemas.str } },
      ({ current_prompt, files }) => ({ output: `${current_prompt as string}\n${files as string}` }),
    );
    const feedbackRouterWithPrompt = hs.conditionalRouter({ replies: z.array(schemas.str), current_prompt: schemas.str }, [
      hs.route('fail', schemas.str, says('FAIL'), (v) => `${v['current_prompt'] as string}\n${firstReply(v)}`),
      hs.route('pass', z.array(schemas.str), says('PASS'), 'replies'),
    ]);
    const toolUseRouter = hs.conditionalRouter({ replies: z.array(schemas.str) }, [
      hs.route('edit', z.array(schemas.str), says('Edit:'), 'replies'),
      hs.route('done', z.array(schemas.str), says('Task finished!'), 'replies'),
    ]);
    const p = pipelineOf(
      { maxRunsPerComponent: 8 },
      {
        code_prompt: codePrompt(),
        joiner: hs.branchJoiner(schemas.str),
        code_llm: hs.fixedGenerator(['Edit: file_1.py', 'Edit: file_2.py', 'Edit: file_3.py', 'Task finished!']),
        tool_use_router: toolUseRouter,
        file_editor: fileEditor,
        agent_concatenator: concatenator,
        feedback_prompt: hs.promptBuilder({
          variables: ['task_finished', 'code'],
          required: ['task_finished'],
          render: (v) => `Check: ${v['code'] as string}`,
        }),
        feedback_llm: hs.fixedGenerator(['FAIL', 'PASS']),
        feedback_router: feedbackRouterWithPrompt,
      },
      [
        'code_prompt.prompt -> joiner.value',
        'joiner.value -> code_llm.prompt',
        'code_llm.replies -> tool_use_router.replies',
        'tool_use_router.edit -> file_editor.replies',
        'file_editor.files -> agent_concatenator.files',
        'joiner.value -> agent_concatenator.current_prompt',
        'agent_concatenator.output -> joiner.value',
        'tool_use_router.done -> feedback_prompt.task_finished',
        'agent_concatenator.output -> feedback_prompt.code',
        'feedback_prompt.prompt -> feedback_llm.prompt',
        'feedback_llm.replies -> feedback_router.replies',
        'agent_concatenator.output -> feedback_router.current_prompt',
        'feedback_router.fail -> joiner.value',
      ],
    );
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
});
