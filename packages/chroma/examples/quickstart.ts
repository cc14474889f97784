// Run from the repository root: npx tsx --conditions=source packages/chroma/examples/quickstart.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore, ChromaEmbeddingRetriever, startChromaServer } from '@synapse-rag/chroma';

const dir = await mkdtemp(join(tmpdir(), 'chroma-quickstart-'));
// Or use a server you run yourself: new ChromaDocumentStore({ url: 'http://localhost:8000', ... })
const server = await startChromaServer({ path: join(dir, 'data') });
try {
  const store = new ChromaDocumentStore({ url: server.url, collectionName: 'quickstart', distanceFunction: 'cosine' });
  await store.writeDocuments([
    {
      id: 'paris',
      content: 'Paris is the capital of France.',
      meta: { lang: 'en', year: 2024, tags: ['geo'] },
      embedding: [0.9, 0.1, 0.2],
    },
    {
      id: 'berlin',
      content: 'Berlin ist die Hauptstadt Deutschlands.',
      meta: { lang: 'de', year: 2023 },
      embedding: [0.8, 0.3, 0.1],
    },
    {
      id: 'pasta',
      content: 'Pasta needs salted water.',
      meta: { lang: 'en', year: 2021, author: { name: 'Ada' } },
      embedding: [0.1, 0.9, 0.4],
    },
  ]);

  const retriever = new ChromaEmbeddingRetriever({ store, topK: 2 });
  const { documents } = await retriever.run({
    queryEmbedding: [0.85, 0.2, 0.15],
    filters: {
      operator: 'OR',
      conditions: [
        { field: 'meta.lang', operator: '==', value: 'en' },
        { field: 'meta.year', operator: '<', value: 2024 },
      ],
    },
  });
  for (const d of documents) console.log(d.id, d.score?.toFixed(3)); // cosine similarity, best first

  const nested = await store.filterDocuments({ field: 'meta.author.name', operator: '==', value: 'Ada' });
  console.log(
    'nested filter:',
    nested.map((d) => d.id),
    'meta round trip:',
    JSON.stringify(nested[0]?.meta),
  );
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
