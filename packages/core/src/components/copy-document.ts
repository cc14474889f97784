import type { Document, JsonValue, Meta } from '../document.js';

/**
 * Returns an independent copy of `doc` (meta deep-copied, embedding array copied), with
 * `changes` applied. Components return copies so that callers' documents are never mutated
 * and downstream components cannot mutate upstream outputs. `score: undefined` in `changes`
 * removes the score.
 */
export function copyDocument(doc: Document, changes: Partial<Pick<Document, 'content' | 'meta' | 'score'>> = {}): Document {
  const copy: Document = {
    id: doc.id,
    content: changes.content ?? doc.content,
    meta: changes.meta ?? copyMeta(doc.meta),
  };
  if (doc.embedding !== undefined) copy.embedding = doc.embedding.slice();
  const score = 'score' in changes ? changes.score : doc.score;
  if (score !== undefined) copy.score = score;
  return copy;
}

/** True when `doc` carries a usable (finite) score. */
export function hasScore(doc: Document): doc is Document & { score: number } {
  return typeof doc.score === 'number' && Number.isFinite(doc.score);
}

/** Deep copy of JSON metadata (several times faster than `structuredClone` for small objects). */
export function copyMeta(meta: Meta): Meta {
  return copyJson(meta) as Meta;
}

function copyJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) out[key] = copyJson(value[key]!);
  return out;
}
