import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import { createDocument, type Document } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { SHIPPED_MODELS, TransformersSimilarityRanker } from '@synapse-rag/transformers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { FlagSource } from './flag-source.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { createIndexingPipeline } from './indexing-pipeline.js';
import { SILENT_LOGGER } from './logger.js';
import { queryInputs } from './query-inputs.js';
import { createQueryPipeline } from './query-pipeline.js';

const CORPUS = [
  'Paris is the capital and largest city of France.',
  'Berlin is the capital of Germany and its largest city.',
  'Photosynthesis converts light energy into chemical energy in green plants.',
  'The football match ended in a draw after extra time and penalties.',
  'Volcanoes erupt when molten rock rises through the crust of the earth.',
  'The violin and the cello are string instruments played with a bow.',
].map((content, i) => createDocument({ id: `doc-${i}`, content, meta: { i } }));

const QUESTION = 'What is the capital of France?';
const pgUrl = inject('migrationPgUrl');

describe('pipeline factory end to end on the real stores with the offline models', () => {
  let dir: string;
  let legacy: ChromaDocumentStore;
  let target: PgvectorDocumentStore;
  let flags: FlagSource;
  let hybrid: HybridDocumentStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-factory-int-'));
    legacy = new ChromaDocumentStore({
      collectionName: `factory-${randomUUID().slice(0, 8)}`,
      url: inject('migrationChromaUrl'),
    });
    // The PostgreSQL server when there is one, else PGlite (same SQL, in process).
    target = pgUrl
      ? new PgvectorDocumentStore({
          connectionString: pgUrl,
          embeddingDimension: 100,
          tableName: `factory_${randomUUID().slice(0, 8)}`,
        })
      : new PgvectorDocumentStore({ embeddingDimension: 100 });
    flags = FlagSource.fromObject({ enableDualWrite: true });
    hybrid = new HybridDocumentStore({ legacy, target, flags, outbox: join(dir, 'outbox.jsonl'), logger: SILENT_LOGGER });
    // Index once through the factory's indexing pipeline: shipped GloVe embedder → dual write.
    const indexing = createIndexingPipeline(flags, { hybridStore: hybrid });
    const result = await indexing.run({ document_embedder: { documents: CORPUS } });
    expect(result.writer!.documentsWritten).toBe(CORPUS.length);
  });
  afterAll(async () => {
    await hybrid?.close();
    await target?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexing wrote the embedded corpus to both stores', async () => {
    expect(await legacy.countDocuments()).toBe(CORPUS.length);
    expect(await target.countDocuments()).toBe(CORPUS.length);
    const stored = await target.filterDocuments();
    expect(stored.every((d) => d.embedding?.length === 100)).toBe(true);
  });

  it('Chroma path: GloVe embedder → Chroma retriever → score filter → limiter → prompt → extractive answer', async () => {
    const pipeline = createQueryPipeline({}, { legacyStore: legacy });
    expect(pipeline.toJSON().metadata).toMatchObject({ path: 'chroma' });
    const result = await pipeline.run(queryInputs(pipeline, QUESTION), { includeOutputsFrom: ['doc_limiter'] });
    const docs = result.doc_limiter!.documents as Document[];
    expect(docs[0]!.id).toBe('doc-0');
    expect(docs.every((d) => (d.score ?? 0) >= 0.3)).toBe(true);
    expect((result.generator!.replies as string[])[0]).toContain('Paris is the capital');
    expect(result.prompt_builder!.prompt).toContain('[1] Paris is the capital');
  });

  it('pgvector path: GloVe embedder → pgvector embedding + keyword → RRF → lexical cross-encoder → prompt → extractive answer', async () => {
    const metrics = createMetrics();
    const pipeline = createQueryPipeline(
      { usePgvector: true },
      { targetStore: target, ranker: new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyCrossEncoder, topK: 10 }) },
    );
    const result = await pipeline.run(queryInputs(pipeline, QUESTION), {
      includeOutputsFrom: ['keyword_retriever', 'ranker'],
      tracer: metrics.tracer,
    });
    expect((result.keyword_retriever!.documents as Document[]).map((d) => d.id)).toContain('doc-0');
    expect((result.ranker!.documents as Document[])[0]!.id).toBe('doc-0');
    expect((result.generator!.replies as string[])[0]).toContain('Paris is the capital');
    const text = await metrics.registry.getSingleMetricAsString('synapse_pipeline_component_duration_seconds');
    expect(text).toContain('component="keyword_retriever",type="pgvector.PgvectorKeywordRetriever",outcome="ok"');
  });

  it('routed path: per-request sticky routing with shadow reads; Chroma-routed requests use its vector results only', async () => {
    flags.set({ pgvectorReadPercentage: 50, enableShadowReads: true });
    const overlaps: number[] = [];
    const off = hybrid.onEvent((e) => {
      if (e.type === 'shadow:result') overlaps.push(e.comparison.overlap);
    });
    try {
      const pipeline = createQueryPipeline(flags, { hybridStore: hybrid });
      expect(pipeline.toJSON().metadata).toMatchObject({ path: 'routed' });
      const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
      const routes = new Set(users.map((u) => hybrid.routeRead(u)));
      expect([...routes].sort()).toEqual(['legacy', 'target']);
      for (const user of users) {
        const result = await pipeline.run(queryInputs(pipeline, QUESTION, user), { includeOutputsFrom: ['keyword_retriever'] });
        const keywordDocs = result.keyword_retriever!.documents as Document[];
        // Chroma has no keyword retrieval: requests routed to it get no keyword half.
        if (hybrid.routeRead(user) === 'legacy') expect(keywordDocs).toEqual([]);
        else expect(keywordDocs.map((d) => d.id)).toContain('doc-0');
        expect((result.generator!.replies as string[])[0]).toContain('Paris is the capital');
      }
      await hybrid.settleShadows();
      // Embedding shadows compare Chroma and pgvector on the same corpus and embeddings: full overlap.
      expect(overlaps.length).toBeGreaterThanOrEqual(users.length);
      expect(overlaps.filter((o) => o === 1).length).toBeGreaterThanOrEqual(users.length);
    } finally {
      off();
      flags.set({ pgvectorReadPercentage: 0, enableShadowReads: false });
    }
  });
});
