import { defaultRegistry } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { OllamaChatGenerator, OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder } from './index.js';

describe('serialization through the core registry', () => {
  const components = [
    new OllamaTextEmbedder({ url: 'http://gpu:11434', model: 'nomic-embed-text', prefix: 'q: ', retry: { maxRetries: 5 } }),
    new OllamaDocumentEmbedder({ model: 'all-minilm', batchSize: 8, metaFieldsToEmbed: ['title'], progress: () => {} }),
    new OllamaGenerator({
      model: 'qwen3:8b',
      systemPrompt: 'Cite sources.',
      modelOptions: { temperature: 0, numCtx: 8192 },
      streamingCallback: () => {},
    }),
    new OllamaChatGenerator({ keepAlive: '1h', timeoutMs: 5_000, onRetry: () => {} }),
  ];

  it.each(components.map((c) => [c.type, c] as const))('%s round-trips and drops callbacks', (type, component) => {
    const json = component.toJSON();
    expect(json.type).toBe(type);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    for (const key of ['progress', 'streamingCallback', 'onRetry']) expect(json.options).not.toHaveProperty(key);
    const copy = defaultRegistry.createComponent(json);
    expect(copy.constructor).toBe(component.constructor);
    expect(copy.toJSON()).toEqual(json);
  });

  it('uses the documented type names and defaults', () => {
    expect(components.map((c) => c.type)).toEqual([
      'ollama.OllamaTextEmbedder',
      'ollama.OllamaDocumentEmbedder',
      'ollama.OllamaGenerator',
      'ollama.OllamaChatGenerator',
    ]);
    expect(new OllamaTextEmbedder().options).toMatchObject({
      model: 'mxbai-embed-large',
      timeoutMs: 120_000,
      truncate: true,
      retry: { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 10_000, jitter: 'full' },
    });
    expect(new OllamaGenerator().options.model).toBe('llama3.2');
    expect(components[0]?.toJSON().options).toMatchObject({
      url: 'http://gpu:11434',
      retry: { maxRetries: 5, initialDelayMs: 500 },
    });
  });
});
