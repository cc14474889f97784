import { createDocument, type Document, outputOf, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { indexingPipeline } from '../indexing/indexing-pipeline.js';
import { documentEmbedderFor, type EmbedderSpec } from '../models/model-choice.js';
import type { IndexRequest } from './request-schemas.js';
import type { ServiceRuntime } from './service-runtime.js';

/** `POST /index`'s answer. */
export interface IndexAnswer {
  /** Ids of the documents written, in request order. */
  ids: string[];
  /** What the writer reported written. */
  written: number;
  embedder: EmbedderSpec;
  /** `hybrid` (the flags decide which stores), `pgvector` or `chroma`. */
  store: 'hybrid' | 'pgvector' | 'chroma';
}

/**
 * Embeds and writes documents through `synapse index`'s embedder and writer (`indexingPipeline`
 * from documents: the index's embedder, `DocumentWriter` with policy `overwrite`; a `text` without
 * an `id` is cleaned and split into chunks first, as `synapse index` does with files), into the
 * service's write store: the hybrid store when both stores are configured (dual write per the
 * flags), else the configured one. The first write records the embedder in the ledgers.
 */
export async function indexDocuments(runtime: ServiceRuntime, request: IndexRequest, signal?: AbortSignal): Promise<IndexAnswer> {
  const inputs = request.documents ?? [
    {
      content: request.text as string,
      ...(request.meta ? { meta: request.meta } : {}),
      ...(request.id ? { id: request.id } : {}),
    },
  ];
  const documents: Document[] = inputs.map((d) => createDocument(d));
  const embedder = await runtime.ensureEmbedder();
  const store = runtime.writeStore(embedder);
  // A text without an id is cleaned and split like an indexed file; documents (and a text with an
  // id) are written as given, ids kept.
  const split = request.documents === undefined && request.id === undefined;
  const pipeline = indexingPipeline({ documentEmbedder: documentEmbedderFor(embedder), store, from: 'documents', split });
  const result = await pipeline.run(split ? { cleaner: { documents } } : { embedder: { documents } }, {
    includeOutputsFrom: ['embedder', 'writer'],
    tracer: runtime.metrics.tracer,
    ...(signal ? { signal } : {}),
  });
  const embedded = outputOf(result, 'embedder', 'documents', SocketSchemas.documents);
  return {
    ids: embedded.map((d) => d.id),
    written: outputOf(result, 'writer', 'documentsWritten', z.number()),
    embedder,
    store: store === runtime.hybrid(embedder.dimension) ? 'hybrid' : store === runtime.stores.chroma() ? 'chroma' : 'pgvector',
  };
}
