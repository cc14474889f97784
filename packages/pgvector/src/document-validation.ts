import { assertEmbeddings, type Document, hasLoneSurrogate, InvalidDocumentError } from '@synapse-rag/core';

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
  // Node would write a lone surrogate as U+FFFD: refuse instead of silently changing the text.
  if (hasLoneSurrogate(value)) {
    throw new InvalidDocumentError(
      `Document ${id}: ${where} contains a lone UTF-16 surrogate, which UTF-8 (PostgreSQL text) cannot store.`,
      { id, where },
    );
  }
}

/** `meta.a[1].b` for the path stack `['meta', 'a', 1, 'b']`. */
function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/**
 * Walks a JSON value; `path` is a stack of keys (pushed and popped, so the path string is only
 * built for an error message, not per key).
 */
function checkJson(value: unknown, id: string, path: (string | number)[]): void {
  if (path.length > 101) {
    throw new InvalidDocumentError(`Document ${id}: ${pathText(path)} is nested more than 100 levels deep.`, { id });
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    checkString(value, pathText(path), id);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      const where = pathText(path);
      throw new InvalidDocumentError(`Document ${id}: ${where} is ${value}; JSON numbers must be finite.`, { id, where });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // a hole (serialized as null)
      path.push(i);
      checkJson(value[i], id, path);
      path.pop();
    }
    return;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    for (const k of Object.keys(value as object)) {
      checkString(k, `${pathText(path)} key ${JSON.stringify(k.slice(0, 40))}`, id);
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      path.push(k);
      checkJson(v, id, path);
      path.pop();
    }
    return;
  }
  const where = pathText(path);
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
    // a UTF-16 code unit is at most 3 UTF-8 bytes: short ids need no byte count
    if (id.length * 3 > MAX_ID_BYTES && Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES) {
      throw new InvalidDocumentError(`Document #${index}: id is longer than ${MAX_ID_BYTES} bytes.`, { index });
    }
    if (typeof doc.content !== 'string') throw new InvalidDocumentError(`Document ${id}: content must be a string.`, { id });
    checkString(doc.content, 'content', id);
    const meta = doc.meta ?? {};
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
      throw new InvalidDocumentError(`Document ${id}: meta must be a JSON object.`, { id });
    }
    checkJson(meta, id, ['meta']);
  });
  if (embeddingsInRange(docs, dimension, VECTOR_MAX[vectorType])) return;
  // Something is wrong: the precise checks below name the document, the element and the problem.
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

/**
 * True when every embedding is absent or an array of `dimension` numbers within ±`max` (NaN and
 * ±Infinity fail the range test). One tight loop, much cheaper than the precise checks (finite
 * numbers, then range), which run only when this returns false (docs/benchmarks.md, "Measured figures behind pgvector defaults").
 */
function embeddingsInRange(docs: readonly Document[], dimension: number, max: number): boolean {
  for (const doc of docs) {
    const e: unknown = doc.embedding;
    if (e === undefined) continue;
    if (!Array.isArray(e) || e.length !== dimension) return false;
    for (let i = 0; i < dimension; i++) {
      const v: unknown = e[i];
      if (typeof v !== 'number' || !(v >= -max && v <= max)) return false;
    }
  }
  return true;
}

/** Largest finite magnitude a `vector` (float32) or `halfvec` (float16) element can hold. */
export const VECTOR_MAX = { vector: 3.4028234663852886e38, halfvec: HALFVEC_MAX } as const;

/** Index of the first element beyond the column type's range (it would become ±Infinity), or -1. */
export function outOfRange(embedding: readonly number[] | undefined, vectorType: 'vector' | 'halfvec'): number {
  const max = VECTOR_MAX[vectorType];
  return embedding?.findIndex((v) => Math.abs(v) > max) ?? -1;
}

/** A query vector the store can search with: `dimension` finite numbers within the column type's range. */
export function validateQueryEmbedding(
  queryEmbedding: readonly number[],
  dimension: number,
  vectorType: 'vector' | 'halfvec',
): void {
  if (!Array.isArray(queryEmbedding) || queryEmbedding.length !== dimension) {
    throw new InvalidDocumentError(
      `Query embedding has ${Array.isArray(queryEmbedding) ? queryEmbedding.length : 'no'} dimensions, the store expects ${dimension}.`,
    );
  }
  const bad = queryEmbedding.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new InvalidDocumentError(`Query embedding[${bad}] is ${String(queryEmbedding[bad])}; it must be finite.`);
  const big = outOfRange(queryEmbedding, vectorType);
  if (big >= 0) {
    throw new InvalidDocumentError(
      `Query embedding[${big}] is ${queryEmbedding[big]}, outside ${vectorType}'s range ±${VECTOR_MAX[vectorType]}.`,
    );
  }
}
