import type { Document, Meta } from '../document.js';

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
    meta: changes.meta ?? (structuredClone(doc.meta) as Meta),
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
