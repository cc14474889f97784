import type { Document } from '../document.js';
import { DuplicateDocumentError, InvalidOptionsError } from '../errors.js';
import { DUPLICATE_POLICIES, type DuplicatePolicy } from './document-store.js';

/** A duplicate policy with `none` resolved: every Synapse store treats `none` as `fail`. */
export type ResolvedDuplicatePolicy = Exclude<DuplicatePolicy, 'none'>;

/**
 * Validates a `writeDocuments` policy (InvalidOptionsError naming `owner` otherwise) and
 * resolves `none` (and an omitted policy) to `fail`.
 */
export function resolveDuplicatePolicy(policy: unknown, owner: string): ResolvedDuplicatePolicy {
  const p = policy ?? 'none';
  if (!DUPLICATE_POLICIES.includes(p as DuplicatePolicy)) {
    throw new InvalidOptionsError(owner, `policy must be one of ${DUPLICATE_POLICIES.join(', ')}, got ${JSON.stringify(p)}.`);
  }
  return p === 'none' ? 'fail' : (p as ResolvedDuplicatePolicy);
}

/** One batch after in-batch de-duplication. */
export interface DedupedBatch<D extends Document = Document> {
  /** One document per id, in the order ids first appear. */
  documents: D[];
  /** Ids that occur more than once in the batch, in first-seen order. */
  repeated: string[];
}

/**
 * Removes repeated ids from one write batch, the rule every store shares: with `skip` the first
 * occurrence wins, with `overwrite` the last one wins (kept at the first one's position), with
 * `fail` the batch is rejected with {@link DuplicateDocumentError} naming the repeated ids —
 * unless `collectRepeats` is set, when the caller reports them (e.g. together with stored ids).
 */
export function dedupeBatch<D extends Document>(
  documents: readonly D[],
  policy: ResolvedDuplicatePolicy,
  options: { collectRepeats?: boolean } = {},
): DedupedBatch<D> {
  const byId = new Map<string, D>();
  const repeated = new Set<string>();
  for (const doc of documents) {
    if (byId.has(doc.id)) {
      repeated.add(doc.id);
      if (policy === 'overwrite') byId.set(doc.id, doc);
    } else {
      byId.set(doc.id, doc);
    }
  }
  if (repeated.size > 0 && policy === 'fail' && !options.collectRepeats) {
    throw new DuplicateDocumentError([...repeated], 'the batch');
  }
  return { documents: [...byId.values()], repeated: [...repeated] };
}
