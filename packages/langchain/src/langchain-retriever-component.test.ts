import { Document as LangChainDocument } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { FakeRetriever, FakeVectorStore, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { Pipeline, PipelineAbortedError, standaloneContext } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { LangChainRetrieverComponent } from './langchain-retriever-component.js';

describe('LangChainRetrieverComponent', () => {
  it('maps LangChain documents (ids, metadata, scores) and applies topK', async () => {
    const retriever = new FakeRetriever({
      output: [
        new LangChainDocument({ pageContent: 'one', metadata: { score: 0.9, src: 'a' }, id: 'id-1' }),
        new LangChainDocument({ pageContent: 'two', metadata: { id: 'meta-2', when: new Date(0) } }),
        new LangChainDocument({ pageContent: 'three', metadata: {} }),
      ],
    });
    const component = new LangChainRetrieverComponent({ retriever });
    const { documents } = await component.run({ query: 'q' });
    expect(documents.map((d) => [d.id.slice(0, 6), d.content, d.meta, d.score])).toEqual([
      ['id-1', 'one', { src: 'a' }, 0.9],
      ['meta-2', 'two', { id: 'meta-2', when: '1970-01-01T00:00:00.000Z' }, undefined],
      [documents[2]?.id.slice(0, 6), 'three', {}, undefined],
    ]);
    expect(documents[2]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect((await new LangChainRetrieverComponent({ retriever, topK: 2 }).run({ query: 'q' })).documents).toHaveLength(2);
    expect((await component.run({ query: 'q', topK: 1 })).documents).toHaveLength(1);
  });

  it('wraps a real LangChain vector store retriever (similarity search over synthetic embeddings)', async () => {
    const store = new FakeVectorStore(new SyntheticEmbeddings({ vectorSize: 16 }));
    await store.addDocuments([
      new LangChainDocument({ pageContent: 'postgres stores vectors with pgvector', metadata: { n: 1 } }),
      new LangChainDocument({ pageContent: 'zebras run in the savanna', metadata: { n: 2 } }),
    ]);
    const component = new LangChainRetrieverComponent({ retriever: store.asRetriever({ k: 1 }) });
    const { documents } = await component.run({ query: 'postgres stores vectors with pgvector' });
    expect(documents.map((d) => d.meta['n'])).toEqual([1]);
  });

  it('runs inside a Synapse pipeline', async () => {
    const retriever = new FakeRetriever({ output: [new LangChainDocument({ pageContent: 'from langchain', metadata: {} })] });
    const pipeline = new Pipeline().addComponent('lc', new LangChainRetrieverComponent({ retriever }));
    const result = await pipeline.run({ lc: { query: 'anything' } });
    expect((result['lc']?.['documents'] as Array<{ content: string }> | undefined)?.map((d) => d.content)).toEqual([
      'from langchain',
    ]);
  });

  it('passes the query through and honors abort', async () => {
    const seen: string[] = [];
    class Slow extends BaseRetriever {
      override lc_namespace = ['test'];
      override async _getRelevantDocuments(query: string) {
        seen.push(query);
        await new Promise((r) => setTimeout(r, 30_000).unref());
        return [];
      }
    }
    const controller = new AbortController();
    const run = new LangChainRetrieverComponent({ retriever: new Slow() }).run(
      { query: 'hello' },
      standaloneContext('r', controller.signal),
    );
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(run).rejects.toBeInstanceOf(PipelineAbortedError);
    // The retriever sleeps 30 s: a bound far below it and far above scheduling noise.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(seen).toEqual(['hello']);
  });
});
