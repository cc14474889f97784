import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChromaDocumentStore, startChromaServer } from '@synapse-rag/chroma';
import { type Component, type Document, SocketSchemas } from '@synapse-rag/core';
import { createQueryPipeline, queryInputs } from '@synapse-rag/migration';
import { log, timeQueries } from './bench-utils.js';
import { fixedQueryEmbedder } from './fixed-query-embedder.js';
import type { Query } from './pgvector-contenders.js';
import type { QueryPipelineResult } from './query-pipeline.js';
import { throughput } from './stats.js';
import { tracedRuns } from './traced-runs.js';

const GENERATOR_SOCKETS = { prompt: { schema: SocketSchemas.text } };
const GENERATOR_OUTPUTS = { replies: { schema: SocketSchemas.texts } };

/** Stands in for the LLM the headline leaves out: takes the prompt, replies nothing. */
function noGenerator(): Component<typeof GENERATOR_SOCKETS, typeof GENERATOR_OUTPUTS> {
  return {
    type: 'bench.NoGenerator',
    inputSockets: GENERATOR_SOCKETS,
    outputSockets: GENERATOR_OUTPUTS,
    async run() {
      return { replies: [] };
    },
    toJSON: () => ({ type: 'bench.NoGenerator', options: {} }),
  };
}

/** The Chroma target's result: the factory's pipeline timed and traced (no retrieval-only or floor contenders). */
export type ChromaPathResult = Pick<QueryPipelineResult, 'pipeline' | 'components'> & {
  target: string;
  writeDocsPerSec: number;
};

/** The concurrency sweep's name for Chroma's top-10 vector query through our `ChromaDocumentStore`. */
export const CHROMA_VECTOR = 'Chroma vector';

/** A throwaway `chroma run` server holding the benchmark corpus in one collection. */
export interface ChromaTarget {
  store: ChromaDocumentStore;
  writeDocsPerSec: number;
  /**
   * Top-10 vector queries for the concurrency sweep: through our `ChromaDocumentStore`, and
   * through the bare `chromadb` collection (the same request, no validation or decoding: its floor).
   */
  kinds: Record<string, (q: Query) => Promise<unknown>>;
  stop(): Promise<void>;
}

/** Starts a throwaway `chroma run` server and writes `docs` through `ChromaDocumentStore` (5,000 per call). */
export async function startChromaTarget(docs: readonly Document[]): Promise<ChromaTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'synapse-bench-chroma-'));
  const server = await startChromaServer({ path: join(dir, 'data') });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const store = new ChromaDocumentStore({ url: server.url, collectionName: 'bench_headline' });
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 5000) await store.writeDocuments(docs.slice(i, i + 5000));
    const writeDocsPerSec = throughput(docs.length, performance.now() - t0);
    log('Chroma', `loaded ${docs.length} docs: ${Math.round(writeDocsPerSec)} docs/s`);
    const collection = await store.getCollection();
    const kinds = {
      [CHROMA_VECTOR]: (q: Query) => store.embeddingRetrieval({ queryEmbedding: q.embedding, topK: 10, returnEmbedding: false }),
      'Chroma vector, bare chromadb': (q: Query) =>
        collection.query({ queryEmbeddings: [q.embedding], nResults: 10, include: ['documents', 'metadatas', 'distances'] }),
    };
    return { store, writeDocsPerSec, kinds, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The flag-aware factory's Chroma path (`createQueryPipeline` with `usePgvector` off: embedder →
 * Chroma embedding retriever, top 50 → score filter → limiter → prompt builder; the LLM replaced by
 * a no-op) on the corpus `target` holds.
 */
export async function benchChromaPath(
  target: ChromaTarget,
  queries: readonly Query[],
  warmup: number,
): Promise<ChromaPathResult> {
  const pipeline = createQueryPipeline(
    { usePgvector: false },
    {
      legacyStore: target.store,
      textEmbedder: fixedQueryEmbedder(new Map(queries.map((q) => [q.text, q.embedding]))),
      generator: noGenerator(),
    },
  );
  const traced = tracedRuns(pipeline, warmup);
  let index = 0;
  const latency = await timeQueries(queries, warmup, (q) => traced.run(queryInputs(pipeline, q.text), index++));
  return {
    target: 'Chroma (factory, usePgvector off)',
    writeDocsPerSec: target.writeDocsPerSec,
    pipeline: latency,
    components: traced.components(),
  };
}
