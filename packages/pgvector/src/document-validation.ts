import { assertEmbeddings, type Document, InvalidDocumentError } from '@synapse-rag/core';

/** btree index entries are limited to ~2.7 kB; stay clearly below. */
export const MAX_ID_BYTES = 2048;
/** Largest finite halfvec component. */
export const HALFVEC_MAX = 65504;

function checkString(value: string, where: string, id: string): void {
  if (value.includes('\u0000')) {
    throw new InvalidDocumentError(
      `Document ${id}: ${where} contains a NUL character (\\u0000), which PostgreSQL text cannot store.`,
      {
        id,
        where,
      },
    );
  }
}

function checkJson(value: unknown, where: string, id: string, depth: number): void {
  if (depth > 100) throw new InvalidDocumentError(`Document ${id}: ${where} is nested more than 100 levels deep.`, { id });
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    checkString(value, where, id);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new InvalidDocumentError(`Document ${id}: ${where} is ${value}; JSON numbers must be finite.`, { id, where });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkJson(v, `${where}[${i}]`, id, depth + 1);
    });
    return;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      checkString(k, `${where} key ${JSON.stringify(k.slice(0, 40))}`, id);
      if (v !== undefined) checkJson(v, `${where}.${k}`, id, depth + 1);
    }
    return;
  }
  throw new InvalidDocumentError(`Document ${id}: ${where} is not a JSON value (${typeof value}).`, { id, where });
}

/**
 * Validates every document before any SQL runs: ids (non-empty strings, ≤ 2 kB), content
 * (string), meta (a plain JSON object, finite numbers), no NUL characters anywhere (PostgreSQL
 * text/jsonb cannot hold them), embeddings of the right dimension with finite values (and
 * within ±65504 for halfvec). Throws {@link InvalidDocumentError}.
 */
export function validateDocuments(docs: readonly Document[], dimension: number, vectorType: 'vector' | 'halfvec'): void {
  if (!Array.isArray(docs)) throw new InvalidDocumentError('writeDocuments expects an array of documents.');
  docs.forEach((doc, index) => {
    if (doc === null || typeof doc !== 'object')
      throw new InvalidDocumentError(`Document #${index} is not an object.`, { index });
    const id = doc.id;
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidDocumentError(`Document #${index}: id must be a non-empty string.`, { index });
    }
    checkString(id, 'id', JSON.stringify(id.slice(0, 40)));
    if (Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES) {
      throw new InvalidDocumentError(`Document #${index}: id is longer than ${MAX_ID_BYTES} bytes.`, { index });
    }
    if (typeof doc.content !== 'string') throw new InvalidDocumentError(`Document ${id}: content must be a string.`, { id });
    checkString(doc.content, 'content', id);
    const meta = doc.meta ?? {};
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
      throw new InvalidDocumentError(`Document ${id}: meta must be a JSON object.`, { id });
    }
    checkJson(meta, 'meta', id, 0);
  });
  assertEmbeddings(docs, dimension);
  for (const doc of docs) {
    const i = outOfRange(doc.embedding, vectorType);
    if (i >= 0) {
      throw new InvalidDocumentError(
        `Document ${doc.id}: embedding[${i}] is outside ${vectorType}'s range ±${VECTOR_MAX[vectorType]}.`,
        { id: doc.id, index: i },
      );
    }
  }
}

/** Largest finite magnitude a `vector` (float32) or `halfvec` (float16) element can hold. */
export const VECTOR_MAX = { vector: 3.4028234663852886e38, halfvec: HALFVEC_MAX } as const;

/** Index of the first element beyond the column type's range (it would become ±Infinity), or -1. */
export function outOfRange(embedding: readonly number[] | undefined, vectorType: 'vector' | 'halfvec'): number {
  const max = VECTOR_MAX[vectorType];
  return embedding?.findIndex((v) => Math.abs(v) > max) ?? -1;
}
