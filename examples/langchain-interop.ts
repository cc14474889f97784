/**
 * LangChain interop both ways, offline:
 *
 * 1. LangChain → Synapse: an existing LangChain retriever and chat model run as components of a
 *    Synapse pipeline, fused with a Synapse retriever (move a LangChain app over piece by piece).
 * 2. Synapse → LangChain: a Synapse pipeline is a LangChain retriever (a Runnable) inside an LCEL chain.
 *
 *   npx tsx --conditions=source examples/langchain-interop.ts ["your question"]
 *
 * The chat model and LLM are LangChain's test doubles (no key needed); put `ChatOpenAI`,
 * `ChatAnthropic`, `ChatOllama`... in their place and nothing else changes.
 */
import { Document as LangChainDocument } from '@langchain/core/documents';
import { PromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever } from '@langchain/core/retrievers';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { FakeListChatModel, FakeLLM } from '@langchain/core/utils/testing';
import {
  createDocument,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  Pipeline,
  PromptBuilder,
} from '@synapse-rag/core';
import { LangChainGenerator, LangChainRetrieverComponent, SynapseRetriever } from '@synapse-rag/langchain';

const question = process.argv.slice(2).join(' ').trim() || 'Who discovered penicillin?';

/** Stands in for the LangChain retriever an app already has (a vector store's `asRetriever()`...). */
class WordOverlapRetriever extends BaseRetriever {
  override lc_namespace = ['examples', 'retrievers'];
  constructor(private readonly docs: LangChainDocument[]) {
    super();
  }
  override async _getRelevantDocuments(query: string): Promise<LangChainDocument[]> {
    const words = new Set(query.toLowerCase().match(/\w+/g) ?? []);
    const overlap = (d: LangChainDocument) =>
      (d.pageContent.toLowerCase().match(/\w+/g) ?? []).filter((w) => words.has(w)).length;
    return this.docs
      .map((d) => ({ d, n: overlap(d) }))
      .filter(({ n }) => n > 0)
      .sort((a, b) => b.n - a.n)
      .map(({ d, n }) => new LangChainDocument({ ...d, metadata: { ...d.metadata, score: n } }));
  }
}

const legacy = new WordOverlapRetriever([
  new LangChainDocument({
    id: 'lc-fleming',
    pageContent: 'Penicillin was discovered by Alexander Fleming in 1928.',
    metadata: { source: 'langchain' },
  }),
  new LangChainDocument({ id: 'lc-curie', pageContent: 'Marie Curie discovered radium.', metadata: { source: 'langchain' } }),
]);
const store = new InMemoryDocumentStore();
await store.writeDocuments([
  createDocument({ content: 'Penicillin kills bacteria by blocking their cell walls.', meta: { source: 'synapse' } }),
  createDocument({ content: 'The Eiffel Tower was completed in 1889.', meta: { source: 'synapse' } }),
]);

// 1. LangChain → Synapse: the LangChain retriever and chat model are pipeline components.
const chatModel = new FakeListChatModel({ responses: ['Alexander Fleming discovered penicillin in 1928 [2].'] });
const pipeline = new Pipeline()
  .addComponent('langchain', new LangChainRetrieverComponent({ retriever: legacy, topK: 2 }))
  .addComponent('bm25', new InMemoryBM25Retriever({ documentStore: store, topK: 2 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', topK: 3 }))
  .addComponent(
    'prompt',
    new PromptBuilder({
      template: '{% for d in documents %}[{{ loop.index }}] {{ d.content }}\n{% endfor %}Question: {{ query }}',
    }),
  )
  .addComponent('llm', new LangChainGenerator({ chatModel, systemPrompt: 'Answer from the context only.' }))
  .connect('langchain', 'joiner')
  .connect('bm25', 'joiner')
  .connect('joiner.documents', 'prompt.documents')
  .connect('prompt.prompt', 'llm.prompt');

const result = await pipeline.run(
  { langchain: { query: question }, bm25: { query: question }, prompt: { query: question } },
  { includeOutputsFrom: ['joiner'] },
);
console.log(`Question: ${question}\n\n1. LangChain → Synapse (LangChain retriever + Synapse BM25, fused; LangChain chat model):`);
for (const d of result.joiner.documents) console.log(`   ${d.meta['source']}: ${d.content}`);
console.log(`   reply: ${result.llm.replies[0]}`);

// 2. Synapse → LangChain: a Synapse pipeline as a LangChain retriever in an LCEL chain.
const synapseRetrieval = new Pipeline().addComponent('bm25', new InMemoryBM25Retriever({ documentStore: store, topK: 1 }));
const retriever = SynapseRetriever.fromPipeline(synapseRetrieval, { inputFor: (q) => ({ bm25: { query: q } }) });
const chain = RunnableSequence.from([
  { context: retriever.pipe((docs) => docs.map((d) => d.pageContent).join('\n')), question: new RunnablePassthrough() },
  PromptTemplate.fromTemplate('Context: {context}\nQuestion: {question}'),
  new FakeLLM({}), // echoes its prompt, so you see what the chain built
]);
console.log('\n2. Synapse → LangChain (Synapse pipeline as the retriever of an LCEL chain), the prompt built:');
console.log(`   ${(await chain.invoke(question)).replaceAll('\n', '\n   ')}`);
