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

/** Splits text into terms: NFKC-normalised, lower-cased, then every match of `pattern` (flags `gu`). */
export function createTokenizer(pattern: string): (text: string) => string[] {
  const re = new RegExp(pattern, 'gu');
  return (text) => {
    const matches = text.normalize('NFKC').toLowerCase().match(re);
    return matches === null ? [] : matches.filter((t) => t.length > 0);
  };
}

interface DocStats {
  tf: Map<string, number>;
  length: number;
}

/**
 * An inverted index maintained incrementally as documents are written and deleted, so a query
 * touches only the postings of its own terms (never re-tokenising the corpus). Corpus statistics
 * (document count, average length, document frequencies) cover every indexed document, like
 * Haystack; filters restrict the candidates, not the statistics.
 */
export class Bm25Index {
  private readonly docs = new Map<string, DocStats>();
  private readonly postings = new Map<string, Map<string, number>>();
  private totalLength = 0;

  constructor(readonly tokenize: (text: string) => string[]) {}

  get size(): number {
    return this.docs.size;
  }

  add(id: string, content: string): void {
    if (this.docs.has(id)) this.remove(id);
    const tf = new Map<string, number>();
    const tokens = this.tokenize(content);
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.docs.set(id, { tf, length: tokens.length });
    this.totalLength += tokens.length;
    for (const [term, count] of tf) {
      let posting = this.postings.get(term);
      if (posting === undefined) {
        posting = new Map();
        this.postings.set(term, posting);
      }
      posting.set(id, count);
    }
  }

  remove(id: string): void {
    const stats = this.docs.get(id);
    if (stats === undefined) return;
    this.docs.delete(id);
    this.totalLength -= stats.length;
    for (const term of stats.tf.keys()) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      posting.delete(id);
      if (posting.size === 0) this.postings.delete(term);
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
    const n = this.docs.size;
    if (terms.length === 0 || n === 0 || this.totalLength === 0) return [];
    const avgdl = this.totalLength / n;
    const { k1, b, delta } = params;

    const idf = new Map<string, number>();
    for (const t of terms) {
      const df = this.postings.get(t)?.size ?? 0;
      if (algorithm === 'BM25L') idf.set(t, df === 0 ? 0 : Math.log((n + 1) / (df + 0.5)));
      else if (algorithm === 'BM25Plus') idf.set(t, df === 0 ? 0 : Math.log((n + 1) / df));
      else idf.set(t, Math.log((n - df + 0.5) / (df + 0.5)));
    }
    if (algorithm === 'BM25Okapi') {
      let sum = 0;
      for (const v of idf.values()) sum += v;
      const eps = (params.epsilon * sum) / idf.size;
      for (const [t, v] of idf) if (v < 0) idf.set(t, eps);
    }

    const candidates = new Set<string>();
    for (const t of terms) {
      const posting = this.postings.get(t);
      if (posting !== undefined) for (const id of posting.keys()) candidates.add(id);
    }

    const results: Array<{ id: string; score: number }> = [];
    for (const id of candidates) {
      if (!accept(id)) continue;
      const stats = this.docs.get(id)!;
      const norm = 1 - b + (b * stats.length) / avgdl;
      let score = 0;
      for (const t of terms) {
        const w = idf.get(t)!;
        if (w === 0) continue;
        const tf = stats.tf.get(t) ?? 0;
        if (algorithm === 'BM25L') {
          const ctd = tf / norm;
          score += (w * (k1 + 1) * (ctd + delta)) / (k1 + ctd + delta);
        } else if (algorithm === 'BM25Plus') {
          score += w * ((tf * (k1 + 1)) / (tf + k1 * norm) + delta);
        } else if (tf > 0) {
          score += (w * tf * (k1 + 1)) / (tf + k1 * norm);
        }
      }
      results.push({ id, score });
    }
    return results;
  }
}
