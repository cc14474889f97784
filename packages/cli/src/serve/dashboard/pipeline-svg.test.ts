import {
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  Pipeline,
} from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { pipelineSvg } from './pipeline-svg.js';

function hybridPipeline(keywordName = 'keyword'): Pipeline {
  const store = new InMemoryDocumentStore();
  // Untyped on purpose: the keyword retriever's name is a runtime string.
  const pipeline: Pipeline = new Pipeline();
  pipeline.addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store }));
  pipeline.addComponent(keywordName, new InMemoryBM25Retriever({ documentStore: store }));
  pipeline.addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }));
  pipeline.connect('vector', 'joiner');
  pipeline.connect(keywordName, 'joiner');
  return pipeline;
}

/** The `y` of each component's box. */
function rows(svg: string): Record<string, number> {
  const found = [...svg.matchAll(/data-component="([^"]+)"><rect x="[^"]+" y="(\d+)"/g)];
  return Object.fromEntries(found.map((m) => [m[1], Number(m[2])]));
}

describe('pipelineSvg', () => {
  it('draws one box per component, senders above receivers, one arrow per connection', () => {
    const svg = pipelineSvg(hybridPipeline());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const y = rows(svg);
    expect(Object.keys(y).sort()).toEqual(['joiner', 'keyword', 'vector']);
    expect(y.vector).toBe(y.keyword);
    expect(y.joiner).toBeGreaterThan(y.vector!);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(2);
    expect(svg).toContain('<title>vector.documents → joiner.documents');
    // No <style>: the dashboard's Content-Security-Policy allows no inline styles.
    expect(svg).not.toContain('<style');
  });

  it('puts a component nothing feeds just above its first receiver, not in the top row', () => {
    const store = new InMemoryDocumentStore();
    const pipeline: Pipeline = new Pipeline();
    pipeline.addComponent('vector', new InMemoryEmbeddingRetriever({ documentStore: store }));
    pipeline.addComponent('first', new DocumentJoiner());
    pipeline.addComponent('keyword', new InMemoryBM25Retriever({ documentStore: store }));
    pipeline.addComponent('second', new DocumentJoiner());
    pipeline.connect('vector', 'first');
    pipeline.connect('first', 'second');
    pipeline.connect('keyword', 'second');
    const y = rows(pipelineSvg(pipeline));
    expect(y.vector).toBeLessThan(y.first!);
    expect(y.keyword).toBe(y.first);
    expect(y.second).toBeGreaterThan(y.keyword!);
  });

  it('escapes component names', () => {
    const svg = pipelineSvg(hybridPipeline('bm25<&>"'));
    expect(svg).toContain('data-component="bm25&lt;&amp;&gt;&quot;"');
    expect(svg).not.toContain('bm25<&>');
  });
});
