import type { Document, Meta } from '@synapse-rag/core';
import { validateDocuments } from '@synapse-rag/pgvector';
import type { LegacyRow } from './sqlite-source.js';

/** A legacy row that is not migrated, and why. */
export interface Reject {
  id: string;
  reason: string;
}

/** A row turned into a document, or the reason it cannot be. */
export type Conversion = { ok: true; document: Document } | { ok: false; reject: Reject };

/**
 * Builds the target document of a legacy row (content, meta = metadata JSON object + meta
 * columns, the Chroma embedding) and checks it the way the pgvector store will. Returns a reject
 * for: no embedding in Chroma, a wrong dimension, metadata that is not a JSON object, content
 * that is not text, or a document the store would refuse.
 */
export function convertLegacyRow(
  row: LegacyRow,
  embedding: readonly number[] | undefined,
  dimension: number,
  vectorType: 'vector' | 'halfvec' = 'vector',
): Conversion {
  const reject = (reason: string): Conversion => ({ ok: false, reject: { id: row.id, reason } });
  if (embedding === undefined) return reject('missing embedding: no record with this id in the Chroma collection');
  if (embedding.length !== dimension) return reject(`wrong embedding dimension: ${embedding.length}, expected ${dimension}`);
  let meta: Meta = {};
  if (row.metadata !== null && row.metadata !== undefined && row.metadata !== '') {
    if (typeof row.metadata !== 'string') return reject(`invalid metadata: expected JSON text, got ${typeof row.metadata}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.metadata);
    } catch (error) {
      return reject(`invalid metadata JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return reject(
        `invalid metadata: the JSON is ${Array.isArray(parsed) ? 'an array' : String(parsed === null ? null : typeof parsed)}, not an object`,
      );
    }
    meta = parsed as Meta;
  }
  for (const [name, value] of Object.entries(row.columns)) {
    meta[name] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : (value as Meta[string]);
  }
  if (typeof row.content !== 'string') {
    if (row.content !== null && row.content !== undefined)
      return reject(`invalid content: expected text, got ${typeof row.content}`);
  }
  const document: Document = {
    id: row.id,
    content: typeof row.content === 'string' ? row.content : '',
    meta,
    embedding: [...embedding],
  };
  try {
    validateDocuments([document], dimension, vectorType);
  } catch (error) {
    return reject(`failed validation: ${(error as Error).message}`);
  }
  return { ok: true, document };
}
