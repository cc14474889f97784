import type { Document } from '@synapse-rag/core';
import { clusteredVectors, rng } from './helpers.js';

const TOPICS = [
  ['postgres', 'database', 'index', 'query', 'table'],
  ['cat', 'kitten', 'whiskers', 'purr', 'mouse'],
  ['rocket', 'launch', 'orbit', 'fuel', 'engine'],
  ['bread', 'flour', 'oven', 'yeast', 'crust'],
];
const FILLER = ['the', 'a', 'quick', 'slow', 'green', 'blue', 'about', 'with', 'many', 'some', 'old', 'new'];

export const DIM = 16;
export const N = 1200;

/** A corpus of N documents: clustered vectors, topic words matching the cluster, typed meta. */
export function corpus(): Document[] {
  const vectors = clusteredVectors(N, DIM, TOPICS.length, 7, 0.35);
  const rand = rng(11);
  return vectors.map((embedding, i) => {
    const topic = TOPICS[i % TOPICS.length] as string[];
    const words = Array.from({ length: 12 }, () =>
      rand() < 0.5
        ? (topic[Math.floor(rand() * topic.length)] as string)
        : (FILLER[Math.floor(rand() * FILLER.length)] as string),
    );
    if (i % 97 === 0) words.push('"rare phrase"', 'zeppelin');
    return {
      id: `doc-${String(i).padStart(5, '0')}`,
      content: words.join(' ').replaceAll('"', ''),
      meta: { topic: i % TOPICS.length, rare: i % 50 === 0, year: 2000 + (i % 25), lang: i % 3 === 0 ? 'en' : 'de' },
      embedding,
    };
  });
}

/** Cosine similarity (the brute-force reference). */
export const cosine = (a: readonly number[], b: readonly number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};
