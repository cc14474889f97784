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

/**
 * The flag-aware factory's Chroma path (`createQueryPipeline` with `usePgvector` off: embedder →
 * Chroma embedding retriever, top 50 → score filter → limiter → prompt builder; the LLM replaced by
 * a no-op) on the same corpus, against a throwaway `chroma run` server this function starts and stops.
 */
export async function benchChromaPath(
  docs: readonly Document[],
  queries: readonly Query[],
  warmup: number,
): Promise<ChromaPathResult> {
  const dir = await mkdtemp(join(tmpdir(), 'synapse-bench-chroma-'));
  const server = await startChromaServer({ path: join(dir, 'data') });
  try {
    const store = new ChromaDocumentStore({ url: server.url, collectionName: 'bench_headline' });
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 5000) await store.writeDocuments(docs.slice(i, i + 5000));
    const writeDocsPerSec = throughput(docs.length, performance.now() - t0);
    log('Chroma', `loaded ${docs.length} docs: ${Math.round(writeDocsPerSec)} docs/s`);
    const pipeline = createQueryPipeline(
      { usePgvector: false },
      {
        legacyStore: store,
        textEmbedder: fixedQueryEmbedder(new Map(queries.map((q) => [q.text, q.embedding]))),
        generator: noGenerator(),
      },
    );
    const traced = tracedRuns(pipeline, warmup);
    let index = 0;
    const latency = await timeQueries(queries, warmup, (q) => traced.run(queryInputs(pipeline, q.text), index++));
    return { target: 'Chroma (factory, usePgvector off)', writeDocsPerSec, pipeline: latency, components: traced.components() };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
