/** BM25 variants, as in Haystack's `InMemoryDocumentStore` (after `rank_bm25`). */
export type Bm25Algorithm = 'BM25L' | 'BM25Okapi' | 'BM25Plus';

/** Resolved BM25 parameters. */
export interface Bm25Parameters {
  k1: number;
  b: number;
  /** BM25L / BM25Plus lower-bound term. */
  delta: number;
  /** BM25Okapi: negative idfs are replaced by `epsilon` × the mean idf of the query terms. */
  epsilon: number;
}

/** Splits text into terms: NFKC-normalized, lower-cased, then every match of `pattern` (flags `gu`). */
export function createTokenizer(pattern: string): (text: string) => string[] {
  const re = new RegExp(pattern, 'gu');
  return (text) => {
    const matches = text.normalize('NFKC').toLowerCase().match(re);
    return matches === null ? [] : matches.filter((t) => t.length > 0);
  };
}

interface DocRecord {
  id: string;
  /** Distinct terms of the document and their frequencies (parallel arrays). */
  terms: string[];
  tfs: number[];
  length: number;
}

/** Slots of the documents containing a term (append-only; dead slots are skipped) and their tfs. */
interface Posting {
  slots: number[];
  tfs: number[];
  /** Live documents containing the term (the document frequency). */
  df: number;
}

/**
 * An inverted index maintained incrementally as documents are written and deleted, so a query
 * touches only the postings of its own terms (never re-tokenizing the corpus). Corpus statistics
 * (document count, average length, document frequencies) cover every indexed document, like
 * Haystack; filters restrict the candidates, not the statistics.
 *
 * Each document gets a fresh integer slot; postings are append-only arrays of slots, and a
 * deleted document's entries become tombstones that queries skip and that are compacted away
 * once they outnumber the live entries.
 */
export class Bm25Index {
  private readonly slotOf = new Map<string, number>();
  private slots: Array<DocRecord | undefined> = [];
  private postings = new Map<string, Posting>();
  private totalLength = 0;
  private liveEntries = 0;
  private deadEntries = 0;

  constructor(readonly tokenize: (text: string) => string[]) {}

  get size(): number {
    return this.slotOf.size;
  }

  add(id: string, content: string): void {
    if (this.slotOf.has(id)) this.remove(id);
    const counts = new Map<string, number>();
    const tokens = this.tokenize(content);
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const record: DocRecord = { id, terms: [...counts.keys()], tfs: [...counts.values()], length: tokens.length };
    const slot = this.slots.length;
    this.slots.push(record);
    this.slotOf.set(id, slot);
    this.totalLength += record.length;
    this.index(slot, record);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const record = this.slots[slot]!;
    this.slotOf.delete(id);
    this.slots[slot] = undefined;
    this.totalLength -= record.length;
    for (const term of record.terms) {
      const posting = this.postings.get(term)!;
      if (--posting.df === 0) {
        this.deadEntries -= posting.slots.length - 1;
        this.liveEntries -= 1;
        this.postings.delete(term);
      } else {
        this.liveEntries -= 1;
        this.deadEntries += 1;
      }
    }
    if (this.deadEntries > 1024 && this.deadEntries > this.liveEntries) this.compact();
  }

  private index(slot: number, record: DocRecord): void {
    for (let i = 0; i < record.terms.length; i++) {
      const term = record.terms[i]!;
      let posting = this.postings.get(term);
      if (posting === undefined) {
        posting = { slots: [], tfs: [], df: 0 };
        this.postings.set(term, posting);
      }
      posting.slots.push(slot);
      posting.tfs.push(record.tfs[i]!);
      posting.df++;
    }
    this.liveEntries += record.terms.length;
  }

  /** Rebuilds postings and slots from the live documents (drops tombstones). */
  private compact(): void {
    const live = this.slots.filter((r): r is DocRecord => r !== undefined);
    this.slots = [];
    this.postings = new Map();
    this.slotOf.clear();
    this.liveEntries = 0;
    this.deadEntries = 0;
    for (const record of live) {
      const slot = this.slots.length;
      this.slots.push(record);
      this.slotOf.set(record.id, slot);
      this.index(slot, record);
    }
  }

  /**
   * Scores every document that contains at least one query term and passes `accept`.
   * Documents sharing no term with the query are not returned.
   */
  score(
    query: string,
    algorithm: Bm25Algorithm,
    params: Bm25Parameters,
    accept: (id: string) => boolean,
  ): Array<{ id: string; score: number }> {
    const terms = [...new Set(this.tokenize(query))];
    const n = this.slotOf.size;
    if (terms.length === 0 || n === 0 || this.totalLength === 0) return [];
    const avgdl = this.totalLength / n;
    const { k1, b, delta } = params;

    const idf = terms.map((t) => {
      const df = this.postings.get(t)?.df ?? 0;
      if (algorithm === 'BM25L') return df === 0 ? 0 : Math.log((n + 1) / (df + 0.5));
      if (algorithm === 'BM25Plus') return df === 0 ? 0 : Math.log((n + 1) / df);
      return Math.log((n - df + 0.5) / (df + 0.5));
    });
    if (algorithm === 'BM25Okapi') {
      const eps = (params.epsilon * idf.reduce((a, v) => a + v, 0)) / idf.length;
      for (let i = 0; i < idf.length; i++) if (idf[i]! < 0) idf[i] = eps;
    }
    // Term weight as a function of tf and the length normalizer; f(0) is the same for every
    // document, so scores are base + Σ over the document's query terms of w·(f(tf) − f(0)).
    const f = (tf: number, norm: number): number => {
      if (algorithm === 'BM25L') {
        const ctd = tf / norm;
        return ((k1 + 1) * (ctd + delta)) / (k1 + ctd + delta);
      }
      const saturated = (tf * (k1 + 1)) / (tf + k1 * norm);
      return algorithm === 'BM25Plus' ? saturated + delta : saturated;
    };
    const f0 = f(0, 1);
    let base = 0;
    for (const w of idf) base += w * f0;

    const acc = new Float64Array(this.slots.length);
    const state = new Uint8Array(this.slots.length); // 0 unseen, 1 accepted, 2 rejected
    const touched: number[] = [];
    terms.forEach((term, ti) => {
      const w = idf[ti]!;
      const posting = this.postings.get(term);
      if (posting === undefined) return;
      const { slots, tfs } = posting;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        const record = this.slots[slot];
        if (record === undefined) continue;
        let st = state[slot]!;
        if (st === 0) {
          st = accept(record.id) ? 1 : 2;
          state[slot] = st;
          if (st === 1) touched.push(slot);
        }
        if (st === 2) continue;
        acc[slot]! += w * (f(tfs[i]!, 1 - b + (b * record.length) / avgdl) - f0);
      }
    });
    return touched.map((slot) => ({ id: this.slots[slot]!.id, score: base + acc[slot]! }));
  }
}
