import type { Document, Meta } from '@synapse-rag/core';
import { decodeVectorBinary } from './binary-copy.js';

/** A row of the store's queries. */
export interface DocumentRow {
  id: string;
  content: string;
  meta: Meta | string;
  /** `vector_send` / `halfvec_send` bytes (node-postgres: Buffer, PGlite: Uint8Array). */
  embedding: Uint8Array | null;
  score?: number | string | null;
}

/** The document of a row; `withScore` copies the row's `score`. */
export function rowToDocument(row: DocumentRow, halfvec: boolean, withScore: boolean): Document {
  const meta = typeof row.meta === 'string' ? (JSON.parse(row.meta) as Meta) : row.meta;
  const doc: Document = { id: row.id, content: row.content, meta: meta ?? {} };
  if (row.embedding !== null && row.embedding !== undefined) doc.embedding = decodeVectorBinary(row.embedding, halfvec);
  if (withScore && row.score !== null && row.score !== undefined) doc.score = Number(row.score);
  return doc;
}
