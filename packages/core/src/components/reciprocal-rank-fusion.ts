import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { checkTopK } from '../store/retrieval-options.js';
import { copyDocument } from './copy-document.js';

/** The `k` constant of reciprocal rank fusion (Cormack et al., 2009). */
export const DEFAULT_RRF_K = 60;

/** Options of {@link reciprocalRankFusion}. */
export interface ReciprocalRankFusionOptions {
  /**
   * One weight per list, finite and ≥ 0 with a positive sum; normalized to sum 1. A zero weight
   * keeps its list's documents (score contribution 0) and its place in the tie order.
   * @default equal weights
   */
  weights?: readonly number[];
  /**
   * The RRF constant: each list contributes `weight / (k + rank)`. Larger `k` flattens the
   * difference between top and lower ranks.
   * @default 60
   */
  k?: number;
  /**
   * Keep at most this many documents (after sorting).
   * @default undefined (keep all)
   */
  topK?: number;
  /**
   * Sort by fused score, best first. When `false` documents keep the order in which their id
   * first appeared (first list first, then position).
   * @default true
   */
  sortByScore?: boolean;
}

/**
 * Weighted reciprocal rank fusion of ranked lists (best first):
 * `score = Σ wᵢ / (k + rankᵢ) / Σ wᵢ / (k + 1)`, `rankᵢ` the 1-based position of the document's
 * first occurrence in list `i` (absent: no contribution), `wᵢ` the weights normalized to sum 1.
 * Scores lie in [0, 1]; a document ranked first in every list scores exactly 1. Input scores are
 * ignored. Ties keep first appearance (first list first, then position), so the result is
 * deterministic. Returns copies carrying the fused score (the first copy seen of each id);
 * inputs are never mutated.
 *
 * This is the arithmetic of `DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' })`, which calls
 * it, and of retrievers that fuse lists themselves (e.g. a store's hybrid search).
 *
 * @throws {InvalidOptionsError} when the weights do not match the lists or are not finite,
 * non-negative numbers with a positive sum, or `k` / `topK` are invalid.
 *
 * @example
 * ```ts
 * const fused = reciprocalRankFusion([keywordDocs, embeddingDocs], { weights: [1, 2], topK: 5 });
 * ```
 */
export function reciprocalRankFusion(
  lists: readonly (readonly Document[])[],
  options: ReciprocalRankFusionOptions = {},
): Document[] {
  const { k = DEFAULT_RRF_K, topK, sortByScore = true } = options;
  const weights = normalizedWeights(options.weights, lists.length);
  if (!(Number.isFinite(k) && k >= 0)) {
    throw new InvalidOptionsError('reciprocalRankFusion', `k must be a finite number ≥ 0, got ${String(k)}`);
  }
  if (topK !== undefined) checkTopK(topK, 'reciprocalRankFusion');
  const entries = new Map<string, { doc: Document; raw: number; order: number }>();
  lists.forEach((list, i) => {
    const w = weights[i]!;
    const seen = new Set<string>();
    list.forEach((doc, position) => {
      if (seen.has(doc.id)) return; // an id counts once per list, at its first position
      seen.add(doc.id);
      let entry = entries.get(doc.id);
      if (entry === undefined) {
        entry = { doc, raw: 0, order: entries.size };
        entries.set(doc.id, entry);
      }
      entry.raw += w * (1 / (k + position + 1));
    });
  });
  // Same additions in the same order as a document ranked first everywhere: exactly 1.0 for it.
  let best = 0;
  for (const w of weights) best += w * (1 / (k + 1));
  const fused = [...entries.values()].map((e) => ({ order: e.order, doc: e.doc, score: Math.min(1, e.raw / best) }));
  if (sortByScore) fused.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.order - b.order));
  const kept = topK === undefined ? fused : fused.slice(0, topK);
  return kept.map((e) => copyDocument(e.doc, { score: e.score }));
}

/**
 * One weight per list normalized to sum 1 (equal weights when `raw` is undefined).
 * @throws {InvalidOptionsError} on a length mismatch, negative or non-finite weights, or a zero sum.
 * @internal shared with DocumentJoiner's weighted modes; not exported from the package.
 */
export function normalizedWeights(raw: readonly number[] | undefined, listCount: number): number[] {
  if (raw === undefined) return new Array<number>(listCount).fill(1 / listCount);
  if (raw.length !== listCount) {
    throw new InvalidOptionsError(
      'reciprocalRankFusion',
      `weights has ${raw.length} entr${raw.length === 1 ? 'y' : 'ies'} but ${listCount} list(s) were given; give one weight per list`,
    );
  }
  let sum = 0;
  for (const w of raw) {
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new InvalidOptionsError('reciprocalRankFusion', `weights must be finite numbers ≥ 0, got ${String(w)}`);
    }
    sum += w;
  }
  if (!(sum > 0)) throw new InvalidOptionsError('reciprocalRankFusion', 'weights must have a positive sum');
  return raw.map((w) => w / sum);
}
