import { FakeRetriever, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { defaultRegistry, InvalidOptionsError, SerializationError } from '@synapse-rag/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LangChainDocumentEmbedder } from './langchain-document-embedder.js';
import { defaultLangChainObjects, LangChainObjectRegistry } from './langchain-object-registry.js';
import { LangChainRetrieverComponent } from './langchain-retriever-component.js';
import { LangChainTextEmbedder } from './langchain-text-embedder.js';

afterEach(() => {
  for (const name of defaultLangChainObjects.names()) defaultLangChainObjects.unregister(name);
});

describe('serializing components that wrap live LangChain objects', () => {
  it('refuses toJSON for an unregistered object, explaining how to register it', () => {
    const embedder = new LangChainTextEmbedder({ embeddings: new SyntheticEmbeddings() });
    expect(() => embedder.toJSON()).toThrow(SerializationError);
    expect(() => embedder.toJSON()).toThrow(/defaultLangChainObjects\.register\('my-syntheticembeddings', obj\)/);
  });

  it('writes the registered name and finds the same object when loading', () => {
    const embeddings = new SyntheticEmbeddings();
    defaultLangChainObjects.register('synthetic', embeddings);
    const embedder = new LangChainDocumentEmbedder({ embeddings, batchSize: 4, progress: () => {} }); // object given, name found by identity
    const json = embedder.toJSON();
    expect(json).toEqual({
      type: 'langchain.LangChainDocumentEmbedder',
      options: { embeddings: 'synthetic', batchSize: 4, metaFieldsToEmbed: [], embeddingSeparator: '\n', prefix: '', suffix: '' },
    });
    const copy = defaultRegistry.createComponent(json) as LangChainDocumentEmbedder;
    expect(copy).toBeInstanceOf(LangChainDocumentEmbedder);
    expect(copy.embeddings).toBe(embeddings);
    expect(copy.toJSON()).toEqual(json);
  });

  it('round-trips the text embedder and the retriever component by name', () => {
    defaultLangChainObjects.register('emb', new SyntheticEmbeddings()).register('ret', new FakeRetriever());
    for (const c of [
      new LangChainTextEmbedder({ embeddings: 'emb', prefix: 'q: ' }),
      new LangChainRetrieverComponent({ retriever: 'ret', topK: 3, scoreKey: '_score' }),
    ]) {
      const json = c.toJSON();
      expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
    }
  });

  it('loading an unknown name or a wrong kind of object fails with SerializationError', () => {
    expect(() =>
      defaultRegistry.createComponent({ type: 'langchain.LangChainTextEmbedder', options: { embeddings: 'nope' } }),
    ).toThrow(/No LangChain Embeddings is registered as "nope"/);
    defaultLangChainObjects.register('ret', new FakeRetriever());
    expect(() => new LangChainTextEmbedder({ embeddings: 'ret' })).toThrow(/is not a LangChain Embeddings/);
    // @ts-expect-error not an embeddings object
    expect(() => new LangChainTextEmbedder({ embeddings: { embedQuery: 1 } })).toThrow(InvalidOptionsError);
  });

  it('accepts a private registry', () => {
    const objects = new LangChainObjectRegistry().register('mine', new SyntheticEmbeddings());
    const embedder = new LangChainTextEmbedder({ embeddings: 'mine' }, objects);
    expect(embedder.toJSON().options['embeddings']).toBe('mine');
    expect(defaultLangChainObjects.has('mine')).toBe(false);
  });
});
