/** A scored item; ties are broken by ascending id so results are deterministic. */
export interface Scored {
  id: string;
  score: number;
}

/**
 * Returns the best `k` items, best first. `higherIsBetter` picks the score direction; equal
 * scores order by id (ascending). Runs in O(n log k) with a bounded heap.
 */
export function selectTopK<T extends Scored>(items: readonly T[], k: number, higherIsBetter = true): T[] {
  // better(a, b) > 0 when a ranks before b.
  const better = (a: T, b: T): number => {
    if (a.score !== b.score) return higherIsBetter ? a.score - b.score : b.score - a.score;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  };
  const byRank = (a: T, b: T) => better(b, a);
  if (k <= 0) return [];
  if (items.length <= k) return [...items].sort(byRank);
  // Min-heap (worst on top) of the best k seen so far.
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (better(heap[p]!, heap[i]!) <= 0) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[m]!, heap[l]!) > 0) m = l;
      if (r < heap.length && better(heap[m]!, heap[r]!) > 0) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (better(item, heap[0]!) > 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(byRank);
}
