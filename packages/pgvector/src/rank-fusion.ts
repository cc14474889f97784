import type { Document } from '@synapse-rag/core';

/**
 * Weighted reciprocal rank fusion of ranked lists, with the arithmetic and tie-breaking of core's
 * `DocumentJoiner` in `reciprocal_rank_fusion` mode: `score = Σ wᵢ · 1/(k + rankᵢ)` over the lists
 * that hold the document (ranks from 1, weights normalised to sum 1), divided by the score of a
 * document ranked first everywhere, so scores lie in [0, 1]; ties keep first appearance (first
 * list first, then position). Unlike the joiner, a weight may be 0 (its list then only orders
 * ties and contributes documents with score 0). Returns copies carrying the fused score.
 */
export function reciprocalRankFusion(
  lists: readonly (readonly Document[])[],
  weights: readonly number[],
  k: number,
  topK: number,
): Document[] {
  let sum = 0;
  for (const w of weights) sum += w;
  const entries = new Map<string, { doc: Document; raw: number; order: number }>();
  lists.forEach((list, i) => {
    const w = (weights[i] ?? 0) / sum;
    list.forEach((doc, position) => {
      let entry = entries.get(doc.id);
      if (entry === undefined) {
        entry = { doc, raw: 0, order: entries.size };
        entries.set(doc.id, entry);
      }
      entry.raw += w * (1 / (k + position + 1));
    });
  });
  let best = 0;
  for (const w of weights) best += (w / sum) * (1 / (k + 1));
  return [...entries.values()]
    .map((e) => ({ order: e.order, doc: e.doc, score: Math.min(1, e.raw / best) }))
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.order - b.order))
    .slice(0, topK)
    .map((e) => ({ ...e.doc, score: e.score }));
}
