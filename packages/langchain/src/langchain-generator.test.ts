import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { FakeChatModel, FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { InvalidOptionsError, PipelineAbortedError, standaloneContext } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import type { LangChainStreamingChunk } from './chat-generator-options.js';
import { LangChainGenerationError } from './errors.js';
import { LangChainChatGenerator } from './langchain-chat-generator.js';
import { LangChainGenerator } from './langchain-generator.js';

/**
 * Reports what OpenAI-style providers report: `model_name`, `finish_reason`, `model_provider`
 * and `usage_metadata` — on the reply for `invoke`, on a final text-less chunk when streaming.
 * Records which LangChain path ran.
 */
class ReportingModel extends FakeListChatModel {
  calls: Array<'generate' | 'stream'> = [];
  override async _generate(messages: BaseMessage[], options?: this['ParsedCallOptions']): Promise<ChatResult> {
    this.calls.push('generate');
    const result = await super._generate(messages, options);
    const text = result.generations[0]?.text ?? '';
    const message = new AIMessage({
      content: text,
      response_metadata: { model_name: 'fake-4o', finish_reason: 'stop', model_provider: 'fake' },
      usage_metadata: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
    });
    return { generations: [{ message, text }] };
  }
  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    this.calls.push('stream');
    yield* super._streamResponseChunks(messages, options, runManager);
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({
        content: '',
        response_metadata: { model_name: 'fake-4o', finish_reason: 'stop' },
        usage_metadata: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
      }),
    });
  }
}

/** Never answers by itself; rejects once LangChain hands it an aborted signal (as provider SDKs do). */
class SignalAwareModel extends FakeListChatModel {
  sawAbort = false;
  override _generate(_messages: BaseMessage[], options?: this['ParsedCallOptions']): Promise<ChatResult> {
    return new Promise((_, reject) => {
      options?.signal?.addEventListener('abort', () => {
        this.sawAbort = true;
        reject(new Error('request cancelled'));
      });
    });
  }
}

function collector() {
  const chunks: LangChainStreamingChunk[] = [];
  return { chunks, streamingCallback: (c: LangChainStreamingChunk) => void chunks.push(c) };
}

describe('LangChainChatGenerator', () => {
  it('invokes the model and returns an assistant reply with the meta the model reported', async () => {
    const model = new ReportingModel({ responses: ['Paris.'] });
    const generator = new LangChainChatGenerator({ chatModel: model });
    const { replies, meta } = await generator.run({ messages: [{ role: 'user', content: 'Capital of France?' }] });
    const expectedMeta = {
      model: 'fake-4o',
      provider: 'fake',
      finishReason: 'stop',
      promptTokens: 12,
      completionTokens: 3,
      totalTokens: 15,
    };
    expect(replies).toEqual([{ role: 'assistant', content: 'Paris.', meta: expectedMeta }]);
    expect(meta).toEqual([expectedMeta]);
    expect(model.calls).toEqual(['generate']);
  });

  it('names the model after its class when it reports nothing', async () => {
    const { replies, meta } = await new LangChainChatGenerator({ chatModel: new FakeListChatModel({ responses: ['ok'] }) }).run({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(replies).toEqual([{ role: 'assistant', content: 'ok', meta: { model: 'FakeListChatModel' } }]);
    expect(meta).toEqual([{ model: 'FakeListChatModel' }]);
  });

  it('sends the conversation in order, the system prompt first only when none is given', async () => {
    const generator = new LangChainChatGenerator({ chatModel: new FakeChatModel({}), systemPrompt: 'Be brief.' });
    const conversation = [
      { role: 'user' as const, content: 'Hi' },
      { role: 'assistant' as const, content: 'Hello!' },
      { role: 'user' as const, content: 'Bye' },
    ];
    // FakeChatModel replies with the contents of the messages it received, one per line.
    const { replies } = await generator.run({ messages: conversation });
    expect(replies[0]?.content).toBe('Be brief.\nHi\nHello!\nBye');
    const own = await generator.run({ messages: [{ role: 'system', content: 'Be verbose.' }, ...conversation] });
    expect(own.replies[0]?.content).toBe('Be verbose.\nHi\nHello!\nBye');
  });

  it('LangChainGenerator sends the system prompt before the prompt; the system input replaces it', async () => {
    const withPrompt = new LangChainGenerator({ chatModel: new FakeChatModel({}), systemPrompt: 'Be brief.' });
    expect((await withPrompt.run({ prompt: 'Hi' })).replies).toEqual(['Be brief.\nHi']);
    expect((await withPrompt.run({ prompt: 'Hi', system: 'Be verbose.' })).replies).toEqual(['Be verbose.\nHi']);
    const without = new LangChainGenerator({ chatModel: new FakeChatModel({}) });
    expect((await without.run({ prompt: 'Hi' })).replies).toEqual(['Hi']);
  });

  it('passes generation options to LangChain, the run-time ones over the configured ones', async () => {
    // FakeListChatModel answers with the first stop sequence when it is given one.
    const generator = new LangChainChatGenerator({
      chatModel: new FakeListChatModel({ responses: ['unused'] }),
      generationOptions: { stop: ['configured'] },
    });
    const messages = [{ role: 'user' as const, content: 'x' }];
    expect((await generator.run({ messages })).replies[0]?.content).toBe('configured');
    expect((await generator.run({ messages, generationOptions: { stop: ['at run time'] } })).replies[0]?.content).toBe(
      'at run time',
    );
  });

  it('rejects a signal in the generation options and a chat model that is not one', () => {
    const chatModel = new FakeListChatModel({ responses: ['x'] });
    expect(() => new LangChainChatGenerator({ chatModel, generationOptions: { signal: 'x' } })).toThrow(InvalidOptionsError);
    // @ts-expect-error not a chat model
    expect(() => new LangChainChatGenerator({ chatModel: { invoke: () => 'x' } })).toThrow(/LangChain chat model/);
  });
});

describe('streaming', () => {
  it('hands every chunk to the callback in order; the chunks concatenate to the reply', async () => {
    const model = new ReportingModel({ responses: ['Hello, world'] });
    const { chunks, streamingCallback } = collector();
    const generator = new LangChainGenerator({ chatModel: model, streamingCallback });
    const { replies, meta } = await generator.run({ prompt: 'Say hello' });
    expect(model.calls).toEqual(['stream']);
    expect(chunks.map((c) => c.index)).toEqual([...chunks.keys()]);
    expect(chunks.map((c) => c.content).join('')).toBe(replies[0]);
    expect(replies).toEqual(['Hello, world']);
    expect(chunks.length).toBe('Hello, world'.length + 1);
    // The last chunk carries no text, only what the provider reports at the end.
    expect(chunks.at(-1)).toEqual({
      content: '',
      index: 12,
      meta: { model: 'fake-4o', finishReason: 'stop', promptTokens: 12, completionTokens: 3, totalTokens: 15 },
    });
    expect(meta).toEqual([{ model: 'fake-4o', finishReason: 'stop', promptTokens: 12, completionTokens: 3, totalTokens: 15 }]);
  });

  it('a model that cannot stream hands its whole reply over as one chunk', async () => {
    const { chunks, streamingCallback } = collector();
    const generator = new LangChainGenerator({ chatModel: new FakeChatModel({}), streamingCallback });
    const { replies } = await generator.run({ prompt: 'no streaming here' });
    expect(replies).toEqual(['no streaming here']);
    expect(chunks).toEqual([{ content: 'no streaming here', index: 0, meta: {} }]);
  });

  it('awaits the callback before reading the next chunk', async () => {
    const seen: string[] = [];
    const generator = new LangChainChatGenerator({
      chatModel: new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('abc')] }),
      streamingCallback: async (c) => {
        seen.push(`start ${c.content}`);
        await new Promise((r) => setImmediate(r));
        seen.push(`end ${c.content}`);
      },
    });
    const { replies } = await generator.run({ messages: [{ role: 'user', content: 'x' }] });
    expect(replies[0]?.content).toBe('abc');
    expect(seen).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rethrows an error of the callback itself and stops the stream', async () => {
    const failure = new Error('display closed');
    let calls = 0;
    const generator = new LangChainGenerator({
      chatModel: new FakeListChatModel({ responses: ['abcdef'] }),
      streamingCallback: () => {
        calls += 1;
        if (calls === 2) throw failure;
      },
    });
    await expect(generator.run({ prompt: 'x' })).rejects.toBe(failure);
    expect(calls).toBe(2);
  });
});

describe('abort', () => {
  it('aborting mid-stream rejects with PipelineAbortedError carrying the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const chunks: string[] = [];
    const generator = new LangChainGenerator({
      chatModel: new FakeListChatModel({ responses: ['abcdefghij'], sleep: 1 }),
      streamingCallback: (c) => {
        chunks.push(c.content);
        if (chunks.length === 3) controller.abort(reason);
      },
    });
    const error = await generator.run({ prompt: 'x' }, standaloneContext('llm', controller.signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineAbortedError);
    expect((error as PipelineAbortedError).cause).toBe(reason);
    expect(chunks).toEqual(['a', 'b', 'c']);
  });

  it('hands the signal to the model, so a cancelled run cancels the model call', async () => {
    const controller = new AbortController();
    const model = new SignalAwareModel({ responses: ['never'] });
    const run = new LangChainChatGenerator({ chatModel: model }).run(
      { messages: [{ role: 'user', content: 'x' }] },
      standaloneContext('llm', controller.signal),
    );
    setTimeout(() => controller.abort('stop'), 5);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineAbortedError);
    expect((error as PipelineAbortedError).cause).toBe('stop');
    expect(model.sawAbort).toBe(true);
  });

  it('does not call the model when the run is already aborted', async () => {
    const model = new ReportingModel({ responses: ['x'] });
    const controller = new AbortController();
    controller.abort();
    await expect(
      new LangChainGenerator({ chatModel: model }).run({ prompt: 'x' }, standaloneContext('llm', controller.signal)),
    ).rejects.toBeInstanceOf(PipelineAbortedError);
    expect(model.calls).toEqual([]);
  });
});

describe('model failures', () => {
  it('wraps an invoke failure in LangChainGenerationError naming the component and the model', async () => {
    const generator = new LangChainGenerator({
      chatModel: new FakeListChatModel({ responses: ['x'] }),
      generationOptions: { thrownErrorString: 'rate limited' },
    });
    const error = await generator.run({ prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangChainGenerationError);
    expect(error).toMatchObject({ code: 'LANGCHAIN_GENERATION', component: 'LangChainGenerator', model: 'FakeListChatModel' });
    expect((error as Error).message).toBe('LangChainGenerator: the LangChain chat model FakeListChatModel failed: rate limited');
    expect(((error as Error).cause as Error).message).toBe('rate limited');
  });

  it('wraps a streaming failure the same way, naming the model id when the model has one', async () => {
    class NamedModel extends FakeStreamingChatModel {
      model = 'fake-large';
    }
    const generator = new LangChainChatGenerator({
      chatModel: new NamedModel({ thrownErrorString: 'connection reset' }),
      streamingCallback: () => {},
    });
    const error = await generator.run({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangChainGenerationError);
    expect((error as Error).message).toBe(
      'LangChainChatGenerator: the LangChain chat model NamedModel "fake-large" failed: connection reset',
    );
  });
});
