/** overlap@k and rank agreement of two ranked id lists. */
export interface ResultComparison {
  k: number;
  /**
   * |top-k(a) ∩ top-k(b)| / max(|top-k(a)|, |top-k(b)|): 1 when both lists hold the same ids
   * (including both empty), 0 when they share none (or exactly one is empty). Dividing by the
   * longer list, not k, keeps a store that returns fewer than k identical hits at 1.
   */
  overlap: number;
  /**
   * Spearman's ρ of the positions of the shared ids in both lists, in [-1, 1] (1 = same order).
   * `null` when fewer than two ids are shared (no order to compare).
   */
  rankCorrelation: number | null;
  sharedIds: string[];
}

/** Compares the top `k` of two ranked id lists (duplicates after the first occurrence are ignored). */
export function compareResults(a: readonly string[], b: readonly string[], k: number): ResultComparison {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const topA = [...new Set(a)].slice(0, k);
  const topB = [...new Set(b)].slice(0, k);
  const inB = new Set(topB);
  const sharedIds = topA.filter((id) => inB.has(id));
  const longest = Math.max(topA.length, topB.length);
  const overlap = longest === 0 ? 1 : sharedIds.length / longest;
  const n = sharedIds.length;
  let rankCorrelation: number | null = null;
  if (n >= 2) {
    // Ranks among the shared ids only (1..n in each list), then ρ = 1 − 6Σd² / (n(n² − 1)).
    const rankInB = new Map(topB.filter((id) => sharedIds.includes(id)).map((id, i) => [id, i]));
    let sum = 0;
    sharedIds.forEach((id, i) => {
      const d = i - rankInB.get(id)!;
      sum += d * d;
    });
    rankCorrelation = 1 - (6 * sum) / (n * (n * n - 1));
  }
  return { k, overlap, rankCorrelation, sharedIds };
}
