/**
 * RAG on a local Ollama server: Ollama embeddings for indexing and queries, an Ollama LLM for
 * the answer. Skips with a message saying what to do when no server is reachable.
 *
 *   ollama serve & ollama pull mxbai-embed-large && ollama pull llama3.2
 *   npx tsx --conditions=source examples/ollama-rag.ts ["your question"]
 *
 * Environment: `OLLAMA_HOST` (default http://127.0.0.1:11434), `OLLAMA_EMBED_MODEL` (default
 * mxbai-embed-large), `OLLAMA_MODEL` (default llama3.2).
 */
import { InMemoryDocumentStore, InMemoryEmbeddingRetriever, Pipeline, PromptBuilder } from '@synapse-rag/core';
import { OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder, resolveOllamaHost } from '@synapse-rag/ollama';

const url = resolveOllamaHost();
const embedModel = process.env['OLLAMA_EMBED_MODEL'] ?? 'mxbai-embed-large';
const llmModel = process.env['OLLAMA_MODEL'] ?? 'llama3.2';
const question = process.argv.slice(2).join(' ').trim() || 'What does pgvector add to PostgreSQL?';

/** The names of the pulled models, or undefined when the server does not answer. */
async function pulledModels(): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${url}/api/tags`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { models?: Array<{ name: string }> };
    return (body.models ?? []).map((m) => m.name);
  } catch {
    return undefined;
  }
}

const models = await pulledModels();
if (models === undefined) {
  console.log(`Skipped: no Ollama server reachable at ${url}. Start one (\`ollama serve\`) or set OLLAMA_HOST.`);
  process.exit(0);
}
const missing = [embedModel, llmModel].filter((m) => !models.some((n) => n === m || n === `${m}:latest`));
if (missing.length > 0) {
  console.log(
    `Skipped: Ollama at ${url} lacks ${missing.join(', ')}. Pull with: ${missing.map((m) => `ollama pull ${m}`).join(' && ')}`,
  );
  process.exit(0);
}

const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
const corpus = [
  { id: 'pg', content: 'pgvector adds vector similarity search to PostgreSQL.', meta: {} },
  { id: 'chroma', content: 'Chroma keeps embeddings in a local collection.', meta: {} },
  { id: 'bread', content: 'Bake sourdough bread for forty minutes.', meta: {} },
];
const { documents } = await new OllamaDocumentEmbedder({ url, model: embedModel }).run({ documents: corpus });
await store.writeDocuments(documents);

const pipeline = new Pipeline()
  .addComponent('embedder', new OllamaTextEmbedder({ url, model: embedModel }))
  .addComponent('retriever', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 1 }))
  .addComponent(
    'prompt',
    new PromptBuilder({ template: 'Context:\n{% for d in documents %}{{ d.content }}\n{% endfor %}Question: {{ query }}' }),
  )
  .addComponent('llm', new OllamaGenerator({ url, model: llmModel }))
  .connect('embedder.embedding', 'retriever.queryEmbedding')
  .connect('retriever.documents', 'prompt.documents')
  .connect('prompt.prompt', 'llm.prompt');

const result = await pipeline.run(
  { embedder: { text: question }, prompt: { query: question } },
  { includeOutputsFrom: ['retriever'] },
);
console.log(`Ollama at ${url} (${embedModel} + ${llmModel})\nQuestion: ${question}`);
console.log(`Retrieved: ${result.retriever.documents.map((d) => d.id).join(', ')}`);
console.log(`Answer: ${result.llm.replies[0]}`);
