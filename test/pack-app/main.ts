/**
 * A program test/pack-install.int.test.ts type-checks and runs inside a throwaway app that
 * installed the packed tarballs (next to the README's core example, examples/in-memory-hybrid.ts):
 * pgvector on its embedded default and the model shipped in @synapse-rag/transformers. Prints one
 * `name: result` line per check; the test asserts the lines.
 */
import { createDocument } from '@synapse-rag/core';
import { PgvectorDocumentStore, PgvectorEmbeddingRetriever } from '@synapse-rag/pgvector';
import { TransformersTextEmbedder } from '@synapse-rag/transformers';

// pgvector: the embedded default (PGlite + pgvector in process).
const pg = new PgvectorDocumentStore({ embeddingDimension: 3 });
try {
  await pg.writeDocuments([
    createDocument({ id: 'a', content: 'PostgreSQL stores vectors with pgvector', embedding: [1, 0, 0] }),
    createDocument({ id: 'b', content: 'Cats sleep most of the day', embedding: [0, 1, 0] }),
  ]);
  const { documents } = await new PgvectorEmbeddingRetriever({ documentStore: pg, topK: 1 }).run({
    queryEmbedding: [0.9, 0.1, 0],
  });
  console.log(`pgvector: ${await pg.countDocuments()} ${documents[0]?.id}`);
} finally {
  await pg.close();
}

// transformers: the GloVe model shipped in the package, loaded by onnxruntime-node (CPU).
const embedder = new TransformersTextEmbedder();
const france = (await embedder.run({ text: 'capital of France' })).embedding;
const paris = (await embedder.run({ text: 'Paris is the largest city in France.' })).embedding;
const plants = (await embedder.run({ text: 'Plants turn light into sugar.' })).embedding;
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
console.log(`transformers: ${france.length} ${dot(france, paris) > dot(france, plants) ? 'related-closer' : 'WRONG'}`);
