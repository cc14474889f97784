import type { Document } from '@synapse-rag/core';
import { rng } from './bench-utils.js';

export interface Dataset {
  docs: Document[];
  /** `cluster`: the cluster the query was drawn from (documents carry theirs in `meta.cluster`). */
  queries: { embedding: number[]; text: string; broad: string; cluster: number }[];
  /** Number of clusters (`meta.cluster` runs from 0 to clusters − 1). */
  clusters: number;
}

/**
 * `n` documents in n/100 clusters: unit centre + gaussian noise (per-dimension σ = 0.6/√dim, so a
 * point has cosine ≈ 0.86 to its centre and ≈ 0.74 to its cluster mates, ≈ 0 to other clusters).
 * Content: 30 words — cluster topic words (unique per cluster) mixed with a Zipf-distributed
 * general vocabulary. Queries are fresh points of random clusters with two topic words
 * (narrow keyword query) or one common general word (broad query, matches ~5-10% of rows).
 */
export function makeDataset(n: number, dim: number, queryCount: number, seed = 42): Dataset {
  const rand = rng(seed);
  const gauss = () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const clusters = Math.max(10, Math.round(n / 100));
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const centres = Array.from({ length: clusters }, () => unit(Array.from({ length: dim }, gauss)));
  const sigma = 0.6 / Math.sqrt(dim);
  const point = (c: number) => (centres[c] as number[]).map((x) => x + gauss() * sigma);
  const general = Array.from({ length: 5000 }, (_, i) => `g${i.toString(36)}`);
  const zipf = () => general[Math.min(general.length - 1, Math.floor(Math.exp(rand() * Math.log(general.length)) - 1))] as string;
  const topic = (c: number, j: number) => `t${c.toString(36)}x${j}`;
  const docs: Document[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    const words = Array.from({ length: 30 }, () => (rand() < 0.3 ? topic(c, Math.floor(rand() * 8)) : zipf()));
    docs.push({
      id: `doc-${i}`,
      content: words.join(' '),
      meta: { cluster: c, year: 2000 + (i % 25), doc_type: i % 2 ? 'pdf' : 'html' },
      embedding: point(c),
    });
  }
  const queries = Array.from({ length: queryCount }, (_, i) => {
    const c = Math.floor(rand() * clusters);
    return {
      embedding: point(c),
      text: `${topic(c, i % 8)} ${topic(c, (i + 3) % 8)}`,
      broad: general[25 + (i % 5)] as string,
      cluster: c,
    };
  });
  return { docs, queries, clusters };
}
