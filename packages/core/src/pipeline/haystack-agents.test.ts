/**
 * Haystack 2.x's pipeline run scenarios (test/core/pipeline/features/pipeline_run.feature in
 * deepset-ai/haystack), re-expressed with our API and our own test components: same graphs, same
 * socket kinds (mandatory / optional / defaulted, lazy / greedy variadic), same inputs, and the
 * same expected result and per-visit component inputs. Where our pipeline deliberately differs,
 * the test asserts our behavior and says why (see docs/pipelines.md, "Differences from Haystack").
 * Haystack lists optional inputs that were not given as `None`; our components receive them as
 * absent, so the expected calls leave them out. Long prompt texts are shortened.
 *
 * This file: agents: a ReAct agent with a web search tool, an agent using RAG.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as hs from '../../test/haystack-components.js';
import { schemas } from '../../test/haystack-components.js';
import { doc, fakeRetriever, pipelineOf, recordCalls, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { ChatMessages } from '../chat/chat-message.js';
import type { Document } from '../document.js';

describe("Haystack's pipeline_run.feature: agents", () => {
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
    const tool = (v: Record<string, unknown>) => v['tool_id_and_param'] as string[];
    const param = (v: Record<string, unknown>) => tool(v)[1];
    const router = hs.conditionalRouter({ tool_id_and_param: z.array(schemas.str.nullable()) }, [
      hs.route('search', schemas.str, (v) => String(tool(v)[0]).includes('search'), param),
      hs.route('finish', schemas.str, (v) => String(tool(v)[0]).includes('finish'), param),
    ]);
    const search = new TestComponent(
      'hs.FakeWebSearch',
      { query: { schema: schemas.str } },
      { documents: { schema: schemas.docs } },
      () => ({
        documents: [doc('Eiffel Tower is 300 meters tall'), doc('Tower of Pisa is 55 meters tall')],
      }),
    );
    const p = pipelineOf(
      {},
      {
        main_input: hs.branchJoiner(schemas.messages),
        prompt_builder: hs.chatPromptBuilder({ variables: ['query'] }),
        llm: thought,
        tool_extractor: toolExtractor,
        prompt_concatenator_after_action: concatenator(''),
        router,
        router_search: search,
        search_prompt_builder: hs.chatPromptBuilder({ variables: ['documents', 'search_query'] }),
        search_llm: chatGenerator(() => 'Tower of Pisa is 55 meters tall\n'),
        search_output_adapter: searchOutputAdapter,
        prompt_concatenator_after_observation: concatenator('\nThought: '),
      },
      [
        'main_input -> prompt_builder.template',
        'prompt_builder.prompt -> llm.messages',
        'llm.replies -> prompt_concatenator_after_action.replies',
        'prompt_builder.prompt -> prompt_concatenator_after_action.current_prompt',
        'prompt_concatenator_after_action -> tool_extractor.messages',
        'tool_extractor -> router',
        'router.search -> router_search.query',
        'router_search.documents -> search_prompt_builder.documents',
        'router.search -> search_prompt_builder.search_query',
        'search_prompt_builder.prompt -> search_llm.messages',
        'search_llm.replies -> search_output_adapter.replies',
        'search_output_adapter -> prompt_concatenator_after_observation.replies',
        'prompt_concatenator_after_action -> prompt_concatenator_after_observation.current_prompt',
        'prompt_concatenator_after_observation -> main_input',
      ],
    );
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

  it('that is an agent that can use RAG', async () => {
    const firstReply = (v: Record<string, unknown>) => (v['replies'] as string[])[0]!;
    const router = hs.conditionalRouter({ replies: z.array(schemas.str) }, [
      hs.route('search', schemas.str, (v) => firstReply(v).includes('search:'), firstReply),
      hs.route('answer', z.array(schemas.str), (v) => firstReply(v).includes('answer:'), 'replies'),
    ]);
    const found = doc('This is a document potentially answering the question.', { meta: { access_group: 1 } });
    const concatenator = new TestComponent(
      'hs.OutputAdapter',
      { current_prompt: { schema: schemas.str }, rag_answer: { schema: z.array(schemas.str) } },
      { output: { schema: schemas.str } },
      ({ current_prompt, rag_answer }) => ({ output: `${current_prompt as string}\n${(rag_answer as string[])[0]!}` }),
    );
    const p = pipelineOf(
      { maxRunsPerComponent: 2 },
      {
        joiner: hs.branchJoiner(schemas.str),
        rag_llm: hs.fixedGenerator(['This is all the information I found!']),
        rag_prompt: hs.promptBuilder({
          variables: ['query', 'documents'],
          render: (v) =>
            `Question: ${v['query'] as string} Documents: ${(v['documents'] as Document[]).map((d) => d.content).join()}`,
        }),
        agent_prompt: hs.promptBuilder({
          variables: ['query'],
          render: (v) => `Use the RAG system. Here is the question: ${v['query'] as string}`,
        }),
        agent_llm: hs.fixedGenerator(['search: Can you help me?', 'answer: here is my answer']),
        router,
        concatenator,
        retriever: fakeRetriever(() => [found]),
        answer_builder: hs.answerBuilder(),
      },
      [
        'agent_prompt.prompt -> joiner.value',
        'joiner.value -> agent_llm.prompt',
        'agent_llm.replies -> router.replies',
        'router.search -> retriever.query',
        'router.answer -> answer_builder.replies',
        'retriever.documents -> rag_prompt.documents',
        'rag_prompt.prompt -> rag_llm.prompt',
        'rag_llm.replies -> concatenator.rag_answer',
        'joiner.value -> concatenator.current_prompt',
        'concatenator.output -> joiner.value',
      ],
    );
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
});
