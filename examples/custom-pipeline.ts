/**
 * A custom pipeline with swapped components: the same question-answering pipeline built three
 * times, each time replacing a part, and a component of your own registered for YAML.
 *
 *   npx tsx --conditions=source examples/custom-pipeline.ts
 *
 * 1. default: in-memory BM25 retriever → core's extractive answerer;
 * 2. store swapped: the same documents in pgvector (PGlite), its keyword retriever (same sockets);
 * 3. answerer swapped: PromptBuilder → `examples.ShoutingGenerator`, a generator written here
 *    with `defineComponent` (stands in for an LLM: any component with `prompt` → `replies` fits),
 *    then the pipeline saved to YAML and loaded back.
 */
import {
  createDocument,
  DocumentScoreFilter,
  defaultRegistry,
  defineComponent,
  ExtractiveAnswerGenerator,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  outputOf,
  Pipeline,
  PromptBuilder,
  SocketSchemas,
} from '@synapse-rag/core';
import { PgvectorDocumentStore, PgvectorKeywordRetriever } from '@synapse-rag/pgvector';
import { z } from 'zod';

const corpus = [
  { content: 'Alexander Fleming discovered penicillin in 1928 at St Mary’s Hospital in London.', meta: { topic: 'medicine' } },
  { content: 'Marie Curie discovered polonium and radium and won two Nobel Prizes.', meta: { topic: 'physics' } },
  { content: 'The Eiffel Tower was completed in 1889 for the World’s Fair in Paris.', meta: { topic: 'history' } },
  { content: 'Penicillin kills bacteria by blocking the building of their cell walls.', meta: { topic: 'medicine' } },
].map((d) => createDocument(d));
const question = 'Who discovered penicillin?';

/** A generator of your own: any component with a `prompt` input and `replies` output can replace an LLM. */
const ShoutingGenerator = defineComponent({
  type: 'examples.ShoutingGenerator',
  inputs: { prompt: { schema: SocketSchemas.text } },
  outputs: { replies: { schema: SocketSchemas.texts } },
  options: z.strictObject({
    /** How many lines of the prompt to answer with. @default 1 */
    lines: z.number().int().min(1).default(1),
  }),
  run: ({ prompt }, { options }) => {
    const answer = prompt
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .slice(0, options.lines)
      .map((l) => l.slice(2))
      .join(' ')
      .toUpperCase();
    const replies: string[] = [answer];
    return { replies };
  },
});
defaultRegistry.register(ShoutingGenerator); // so Pipeline.loads can re-create it by type name

/** Retrieve → extractive answer, with the retriever replaceable (both kinds take `query` → `documents`). */
function answerPipeline(retriever: InMemoryBM25Retriever | PgvectorKeywordRetriever) {
  return new Pipeline()
    .addComponent('retriever', retriever)
    .addComponent('answerer', new ExtractiveAnswerGenerator({ maxSentences: 1 }))
    .connect('retriever.documents', 'answerer.documents');
}

// 1. The default parts.
const memory = new InMemoryDocumentStore();
await memory.writeDocuments(corpus);
const r1 = await answerPipeline(new InMemoryBM25Retriever({ documentStore: memory, topK: 2 })).run({ query: question });
console.log(`1. in-memory BM25 → extractive: ${r1.answerer.replies[0]}`);

// 2. Swap the store and its retriever: pgvector on PGlite (in memory), full-text keyword search.
//    Keyword-only, so the documents need no embeddings (the column stays NULL).
const pg = new PgvectorDocumentStore({ tableName: 'custom_pipeline', embeddingDimension: 3 });
await pg.writeDocuments(corpus);
const r2 = await answerPipeline(new PgvectorKeywordRetriever({ documentStore: pg, topK: 2 })).run({ query: question });
console.log(`2. pgvector keyword → extractive: ${r2.answerer.replies[0]}`);

// 3. Swap the answerer: a score filter, a prompt and your own generator.
const template = 'Answer from the notes.\n{% for d in documents %}- {{ d.content }}\n{% endfor %}Question: {{ query }}';
const custom = new Pipeline({ metadata: { name: 'custom-answerer' } })
  .addComponent('retriever', new InMemoryBM25Retriever({ documentStore: memory, topK: 3 }))
  .addComponent('filter', new DocumentScoreFilter({ minScore: 0.1 }))
  .addComponent('prompt', new PromptBuilder({ template }))
  .addComponent('generator', new ShoutingGenerator({ lines: 1 }))
  .connect('retriever.documents', 'filter.documents')
  .connect('filter.documents', 'prompt.documents')
  .connect('prompt.prompt', 'generator.prompt');
const r3 = await custom.run({ query: question });
console.log(`3. BM25 → score filter → prompt → ShoutingGenerator: ${r3.generator.replies[0]}`);

// The custom pipeline round-trips through YAML (the in-memory store's documents included).
const yaml = custom.dumps({ includeDocuments: true });
const loaded = Pipeline.loads(yaml);
const r4 = await loaded.run({ query: question });
console.log(
  `   loaded from YAML (${yaml.split('\n').length} lines): ${outputOf(r4, 'generator', 'replies', SocketSchemas.texts)[0]}`,
);
console.log(`\n${custom.draw()}`);
await pg.close();
