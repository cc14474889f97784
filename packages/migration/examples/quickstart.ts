// Runnable offline: npx tsx --conditions=source packages/migration/examples/quickstart.ts
// Legacy: an in-memory store standing in for Chroma; target: pgvector on in-process PGlite.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocument, InMemoryDocumentStore } from '@synapse-rag/core';
import {
  createIndexingPipeline,
  createMetrics,
  createQueryPipeline,
  FlagSource,
  HybridDocumentStore,
  queryInputs,
} from '@synapse-rag/migration';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';

const dir = await mkdtemp(join(tmpdir(), 'synapse-migration-'));
const flagFile = join(dir, 'flags.json');
await writeFile(
  flagFile,
  JSON.stringify({ FF_ENABLE_DUAL_WRITE: 'true', FF_PGVECTOR_READ_PERCENTAGE: '10', FF_ENABLE_SHADOW_READS: 'true' }),
);

const flags = await FlagSource.fromFile(flagFile); // watched: edit the file, no restart
const metrics = createMetrics();
const legacy = new InMemoryDocumentStore();
const target = new PgvectorDocumentStore({ embeddingDimension: 100 }); // shipped GloVe: 100-d
const store = new HybridDocumentStore({ legacy, target, flags, metrics, outbox: join(dir, 'outbox.jsonl') });

// Index through the hybrid store: target first, then legacy (failures → outbox).
const indexing = createIndexingPipeline(flags, { hybridStore: store });
await indexing.run({
  document_embedder: {
    documents: [
      'Paris is the capital and largest city of France.',
      'Berlin is the capital of Germany.',
      'Photosynthesis converts light energy into chemical energy in plants.',
    ].map((content) => createDocument({ content })),
  },
});

// 10 % of users (sticky by user id) read from pgvector; every read is shadowed on the other store.
const query = createQueryPipeline(flags, { hybridStore: store });
const question = 'What is the capital of France?';
const result = await query.run(queryInputs(query, question, 'user-42'), { tracer: metrics.tracer });
console.log(store.routeRead('user-42'), '→', (result.generator!.replies as string[])[0]);

// Roll out one step: 10 → 50 %. Users already on pgvector stay there.
const changed = new Promise<void>((resolve) => flags.subscribe(() => resolve()));
await writeFile(
  flagFile,
  JSON.stringify({ FF_ENABLE_DUAL_WRITE: 'true', FF_PGVECTOR_READ_PERCENTAGE: '50', FF_ENABLE_SHADOW_READS: 'true' }),
);
await changed;
console.log('flags now', flags.current);

// /metrics and /health for your HTTP server (not started here):
createServer(async (req, res) => {
  if (req.url === '/health') return void res.end(JSON.stringify({ flags: flags.current, outbox: await store.outboxSize() }));
  res.setHeader('content-type', metrics.registry.contentType);
  res.end(await metrics.registry.metrics());
});
await store.settleShadows();
console.log(await metrics.registry.getSingleMetricAsString('synapse_shadow_reads_total'));

flags.close();
await store.close();
await target.close();
