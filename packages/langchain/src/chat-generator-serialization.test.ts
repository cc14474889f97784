import { FakeChatModel, FakeListChatModel, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { defaultRegistry, Pipeline, PromptBuilder, SerializationError } from '@synapse-rag/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LangChainChatGenerator } from './langchain-chat-generator.js';
import { LangChainGenerator } from './langchain-generator.js';
import { defaultLangChainObjects, LangChainObjectRegistry } from './langchain-object-registry.js';

afterEach(() => {
  for (const name of defaultLangChainObjects.names()) defaultLangChainObjects.unregister(name);
});

describe('serializing the chat-model generators', () => {
  it('writes the registered name, system prompt and generation options, but not the callback', () => {
    const chatModel = new FakeListChatModel({ responses: ['x'] });
    defaultLangChainObjects.register('chat', chatModel);
    const generator = new LangChainChatGenerator({
      chatModel, // object given, name found by identity
      systemPrompt: 'Be brief.',
      generationOptions: { stop: ['\n\n'] },
      streamingCallback: () => {},
    });
    const json = generator.toJSON();
    expect(json).toEqual({
      type: 'langchain.LangChainChatGenerator',
      options: { chatModel: 'chat', systemPrompt: 'Be brief.', generationOptions: { stop: ['\n\n'] } },
    });
    const copy = defaultRegistry.createComponent(json) as LangChainChatGenerator;
    expect(copy).toBeInstanceOf(LangChainChatGenerator);
    expect(copy.chatModel).toBe(chatModel);
    expect(copy.options.streamingCallback).toBeUndefined();
    expect(copy.toJSON()).toEqual(json);
  });

  it('refuses toJSON for an unregistered model, explaining how to register it', () => {
    const generator = new LangChainGenerator({ chatModel: new FakeListChatModel({ responses: ['x'] }) });
    expect(() => generator.toJSON()).toThrow(SerializationError);
    expect(() => generator.toJSON()).toThrow(/defaultLangChainObjects\.register\('my-fakelistchatmodel', obj\)/);
  });

  it('loading an unknown name or an object that is not a chat model fails with SerializationError', () => {
    expect(() =>
      defaultRegistry.createComponent({ type: 'langchain.LangChainGenerator', options: { chatModel: 'gpt' } }),
    ).toThrow(/No LangChain chat model is registered as "gpt"/);
    defaultLangChainObjects.register('emb', new SyntheticEmbeddings());
    expect(() => new LangChainGenerator({ chatModel: 'emb' })).toThrow(/is not a LangChain chat model/);
  });

  it('accepts a private registry', () => {
    const objects = new LangChainObjectRegistry().register('mine', new FakeChatModel({}));
    expect(new LangChainGenerator({ chatModel: 'mine' }, objects).toJSON().options['chatModel']).toBe('mine');
    expect(defaultLangChainObjects.has('mine')).toBe(false);
  });

  it('a pipeline with a LangChainGenerator survives dumps/loads and runs the same', async () => {
    defaultLangChainObjects.register('echo', new FakeChatModel({}));
    const pipeline = new Pipeline()
      .addComponent('prompt', new PromptBuilder({ template: 'Question: {{ query }}' }))
      .addComponent('llm', new LangChainGenerator({ chatModel: 'echo', systemPrompt: 'Answer from the context.' }))
      .connect('prompt.prompt', 'llm.prompt');
    const yaml = pipeline.dumps();
    expect(yaml).toContain('langchain.LangChainGenerator');
    expect(yaml).toContain('chatModel: echo');
    const loaded = Pipeline.loads(yaml);
    expect(loaded.dumps()).toBe(yaml);
    const inputs = { prompt: { query: 'What is RAG?' } };
    const [before, after] = [await pipeline.run(inputs), await loaded.run(inputs)];
    expect(after).toEqual(before);
    expect(after['llm']?.['replies']).toEqual(['Answer from the context.\nQuestion: What is RAG?']);
  });
});
