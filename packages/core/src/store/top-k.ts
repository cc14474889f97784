/** A scored item; ties are broken by ascending id so results are deterministic. */
export interface Scored {
  id: string;
  score: number;
}

/**
 * Keeps the best `k` items offered to it in a bounded heap (O(log k) per accepted item, O(1)
 * for rejected ones). `higherIsBetter` picks the score direction; equal scores rank by id.
 */
export class TopKCollector<T extends Scored> {
  /** Min-heap with the worst kept item on top. */
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly higherIsBetter = true,
  ) {}

  /** > 0 when `a` ranks before `b`. */
  private better(a: Scored, b: Scored): number {
    if (a.score !== b.score) return this.higherIsBetter ? a.score - b.score : b.score - a.score;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  }

  /** Whether an item with this id and score would be kept (lets callers skip building it). */
  wouldAccept(id: string, score: number): boolean {
    if (this.k <= 0) return false;
    return this.heap.length < this.k || this.better({ id, score }, this.heap[0]!) > 0;
  }

  offer(item: T): void {
    const heap = this.heap;
    if (this.k <= 0) return;
    if (heap.length < this.k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.better(heap[p]!, heap[i]!) <= 0) break;
        [heap[p], heap[i]] = [heap[i]!, heap[p]!];
        i = p;
      }
    } else if (this.better(item, heap[0]!) > 0) {
      heap[0] = item;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.better(heap[m]!, heap[l]!) > 0) m = l;
        if (r < heap.length && this.better(heap[m]!, heap[r]!) > 0) m = r;
        if (m === i) return;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
  }

  /** The kept items, best first. */
  result(): T[] {
    return [...this.heap].sort((a, b) => this.better(b, a));
  }
}

/** The best `k` of `items`, best first (see {@link TopKCollector}). */
export function selectTopK<T extends Scored>(items: readonly T[], k: number, higherIsBetter = true): T[] {
  const collector = new TopKCollector<T>(k, higherIsBetter);
  for (const item of items) collector.offer(item);
  return collector.result();
}
