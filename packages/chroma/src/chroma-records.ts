import type { Document } from '@synapse-rag/core';
import type { Collection } from 'chromadb';
import type { ChromaFilter } from './filter-to-chroma.js';
import { decodeMetadata } from './metadata-codec.js';
import type { DistanceFunction } from './scores.js';

/** The `where` / `whereDocument` / `ids` arguments of a Chroma request for a compiled filter. */
export function queryArgs(compiled: ChromaFilter): {
  where?: ChromaFilter['where'];
  whereDocument?: ChromaFilter['whereDocument'];
  ids?: string[];
} {
  const args: { where?: ChromaFilter['where']; whereDocument?: ChromaFilter['whereDocument']; ids?: string[] } = {};
  if (compiled.where) args.where = compiled.where;
  if (compiled.whereDocument) args.whereDocument = compiled.whereDocument;
  if (compiled.ids) args.ids = compiled.ids;
  return args;
}

/** A Chroma record (id, document, metadata, embedding) as a core {@link Document}. */
export function toDocument(
  id: string,
  content: string | null | undefined,
  metadata: Record<string, unknown> | null | undefined,
  embedding: number[] | null | undefined,
): Document {
  const doc: Document = { id, content: content ?? '', meta: decodeMetadata(metadata) };
  if (embedding) doc.embedding = Array.from(embedding);
  return doc;
}

/** The vector space a collection was created with (`l2` when it says none, as Chroma does). */
export function collectionSpace(collection: Collection): DistanceFunction {
  const configured = collection.configuration?.hnsw?.space ?? collection.configuration?.spann?.space;
  const legacy = collection.metadata?.['hnsw:space'];
  const space = configured ?? (typeof legacy === 'string' ? legacy : 'l2');
  return space === 'cosine' || space === 'ip' ? space : 'l2';
}
