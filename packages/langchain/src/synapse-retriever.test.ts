import { Document as LangChainDocument } from '@langchain/core/documents';
import { PromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { FakeLLM } from '@langchain/core/utils/testing';
import { type Document, DocumentLimiter, InMemoryBM25Retriever, InMemoryDocumentStore, Pipeline } from '@synapse-rag/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LangChainInteropError } from './errors.js';
import { SynapseRetriever } from './synapse-retriever.js';

const corpus: Document[] = [
  { id: 'pg', content: 'pgvector adds vector similarity search to PostgreSQL', meta: { source: 'pg.md' } },
  { id: 'chroma', content: 'Chroma is an embedding database', meta: { source: 'chroma.md' } },
  { id: 'bread', content: 'Bake the bread at 220 degrees', meta: { source: 'bread.md' } },
];

let store: InMemoryDocumentStore;
beforeAll(async () => {
  store = new InMemoryDocumentStore();
  await store.writeDocuments(corpus);
});

describe('SynapseRetriever', () => {
  it('exposes a Synapse retriever component as a LangChain retriever', async () => {
    const retriever = SynapseRetriever.fromComponent(new InMemoryBM25Retriever({ documentStore: store, topK: 2 }));
    const docs = await retriever.invoke('vector search in PostgreSQL');
    expect(docs[0]).toBeInstanceOf(LangChainDocument);
    expect(docs[0]).toMatchObject({ id: 'pg', pageContent: corpus[0]?.content, metadata: { source: 'pg.md' } });
    expect(typeof docs[0]?.metadata['score']).toBe('number');
    expect(docs.map((d) => d.id)).not.toContain('bread');
  });

  it('exposes a whole Synapse pipeline, picking its documents output', async () => {
    const pipeline = new Pipeline()
      .addComponent('bm25', new InMemoryBM25Retriever({ documentStore: store, topK: 3 }))
      .addComponent('limit', new DocumentLimiter({ topK: 1 }))
      .connect('bm25.documents', 'limit.documents');
    const retriever = SynapseRetriever.fromPipeline(pipeline, { inputFor: (q) => ({ bm25: { query: q } }) });
    const docs = await retriever.invoke('embedding database');
    expect(docs.map((d) => d.id)).toEqual(['chroma']);
  });

  it('says which outputOf to pass when a result has several documents outputs', async () => {
    const fakePipeline = { run: async () => ({ a: { documents: [] }, b: { documents: [] } }) };
    await expect(SynapseRetriever.fromPipeline(fakePipeline, { inputFor: () => ({}) }).invoke('q')).rejects.toThrow(
      /2 "documents" outputs \(a, b\); pass outputOf/,
    );
    const picked = SynapseRetriever.fromPipeline(fakePipeline, {
      inputFor: () => ({}),
      outputOf: (r) => r['b']?.['documents'] as Document[],
    });
    await expect(picked.invoke('q')).resolves.toEqual([]);
    const bad = new SynapseRetriever({ retrieve: async () => [{ content: 1 }] as unknown as Document[] });
    await expect(
      SynapseRetriever.fromPipeline({ run: async () => ({ x: { documents: [{ nope: 1 }] } }) }, { inputFor: () => ({}) }).invoke(
        'q',
      ),
    ).rejects.toBeInstanceOf(LangChainInteropError);
    await expect(bad.invoke('q')).rejects.toThrow(/The retrieve function produced an invalid document at position 0/);
  });

  it('works as a step of a LangChain RunnableSequence (retrieve → prompt → LLM)', async () => {
    const retriever = SynapseRetriever.fromComponent(new InMemoryBM25Retriever({ documentStore: store, topK: 1 }));
    const chain = RunnableSequence.from([
      {
        context: retriever.pipe((docs: LangChainDocument[]) => docs.map((d) => `[${d.id}] ${d.pageContent}`).join('\n')),
        question: new RunnablePassthrough(),
      },
      PromptTemplate.fromTemplate('Context:\n{context}\n\nQuestion: {question}'),
      new FakeLLM({}), // echoes its prompt
    ]);
    const answer = await chain.invoke('How do I bake bread?');
    expect(answer).toBe('Context:\n[bread] Bake the bread at 220 degrees\n\nQuestion: How do I bake bread?');
  });

  it('hands the LangChain signal to the Synapse run and rejects promptly on abort', async () => {
    let received: AbortSignal | undefined;
    const retriever = new SynapseRetriever({
      retrieve: (_q, { signal }) => {
        received = signal;
        return new Promise(() => {});
      },
    });
    const controller = new AbortController();
    const pending = retriever.invoke('q', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'PIPELINE_ABORTED' });
    expect(received).toBe(controller.signal);
    expect(received?.aborted).toBe(true);
  });

  it('reports to LangChain callbacks like any retriever', async () => {
    const ends: number[] = [];
    const retriever = new SynapseRetriever({ retrieve: async () => corpus.slice(0, 2) });
    await retriever.invoke('q', { callbacks: [{ handleRetrieverEnd: (docs) => void ends.push(docs.length) }] });
    expect(ends).toEqual([2]);
  });
});
