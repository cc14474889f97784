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
import {
  answerBuilder,
  branchJoiner,
  chatPromptBuilder,
  conditionalRouter,
  fixedGenerator,
  promptBuilder,
  schemas,
} from '../../test/haystack-components.js';
import { doc, fakeRetriever, recordCalls, runScenario } from '../../test/haystack-scenario-run.js';
import { TestComponent } from '../../test/pipeline-components.js';
import { ChatMessages } from '../chat/chat-message.js';
import type { Document } from '../document.js';
import { Pipeline } from './pipeline.js';

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
});
