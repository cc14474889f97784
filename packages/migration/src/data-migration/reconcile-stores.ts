import { createHash } from 'node:crypto';
import type { Document } from '@synapse-rag/core';
import type { ScannableStore } from './store-spec.js';
import { EMBEDDING_TOLERANCE } from './verify-migration.js';

/** One id whose copies differ between the source of truth and the other store. */
export interface StoreDifference {
  id: string;
  /** `missing` (not in the other store), `extra` (only in the other store), `content`, `embedding`. */
  kind: 'missing' | 'extra' | 'content' | 'embedding';
}

/** Result of {@link reconcileStores}. */
export interface ReconcileReport {
  sourceCount: number;
  targetCount: number;
  differences: StoreDifference[];
  /** With `repair`: documents copied from the source, extra documents deleted. */
  repaired: number;
  deleted: number;
}

const hash = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 24);
const contentHash = (d: Document) => hash(d.content);
/** Hash of the float32 bytes, so stores holding the same float32 values agree exactly. */
const embeddingHash = (d: Document) => hash(new Uint8Array(Float32Array.from(d.embedding ?? []).buffer));

/** Same dimension and every component within {@link EMBEDDING_TOLERANCE} (relative to max(1, |x|)). */
export function embeddingsClose(a: readonly number[], b: readonly number[], tolerance = EMBEDDING_TOLERANCE): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if (!(Math.abs(x - (b[i] as number)) <= tolerance * Math.max(1, Math.abs(x)))) return false;
  }
  return true;
}

/**
 * Diffs two stores by id, content hash and embedding hash (float32 bytes; a hash mismatch is
 * confirmed by comparing the two vectors within the float32 tolerance). Memory: one pair of
 * short hashes per source document. `repair` copies missing and different documents from the
 * source (overwrite); `deleteExtra` also deletes ids only the other store has.
 */
export async function reconcileStores(
  source: ScannableStore,
  target: ScannableStore,
  options: { repair?: boolean; deleteExtra?: boolean; pageSize?: number } = {},
): Promise<ReconcileReport> {
  const pageSize = options.pageSize ?? 1000;
  const expected = new Map<string, [string, string]>();
  for await (const page of source.scan(pageSize)) for (const d of page) expected.set(d.id, [contentHash(d), embeddingHash(d)]);
  const differences: StoreDifference[] = [];
  const seen = new Set<string>();
  const suspects: string[] = [];
  let targetCount = 0;
  for await (const page of target.scan(pageSize)) {
    for (const d of page) {
      targetCount += 1;
      seen.add(d.id);
      const want = expected.get(d.id);
      if (!want) differences.push({ id: d.id, kind: 'extra' });
      else if (want[0] !== contentHash(d)) differences.push({ id: d.id, kind: 'content' });
      else if (want[1] !== embeddingHash(d)) suspects.push(d.id);
    }
  }
  // Hashes of float32 bytes differ for a 1-ulp change (Chroma's JSON round trip makes some), so
  // embedding suspects are fetched from both sides and compared within the float32 tolerance.
  for (let i = 0; i < suspects.length; i += pageSize) {
    const ids = suspects.slice(i, i + pageSize);
    const [a, b] = await Promise.all([source.fetch(ids), target.fetch(ids)]);
    const other = new Map(b.map((d) => [d.id, d]));
    for (const d of a) {
      const t = other.get(d.id);
      if (!t || !embeddingsClose(d.embedding ?? [], t.embedding ?? [])) differences.push({ id: d.id, kind: 'embedding' });
    }
  }
  for (const id of expected.keys()) if (!seen.has(id)) differences.push({ id, kind: 'missing' });
  differences.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let repaired = 0;
  let deleted = 0;
  if (options.repair) {
    const copy = differences.filter((d) => d.kind !== 'extra').map((d) => d.id);
    for (let i = 0; i < copy.length; i += pageSize) {
      const docs = await source.fetch(copy.slice(i, i + pageSize));
      if (docs.length > 0) repaired += await target.store.writeDocuments(docs, { policy: 'overwrite' });
    }
    if (options.deleteExtra) {
      const extra = differences.filter((d) => d.kind === 'extra').map((d) => d.id);
      if (extra.length > 0) await target.store.deleteDocuments(extra);
      deleted = extra.length;
    }
  }
  return { sourceCount: expected.size, targetCount, differences, repaired, deleted };
}
