import { randomBytes } from 'node:crypto';
import type { PGliteInterface } from '@electric-sql/pglite';
import type { DocumentStore } from '@synapse-rag/core';
import { seededRandom } from '@synapse-rag/core';
import { createPglite } from '../src/pglite-client.js';
import { PgvectorDocumentStore, type PgvectorDocumentStoreInit } from '../src/pgvector-document-store.js';

/** A table name unique to this test run, so test files can share one server. */
export function uniqueTable(prefix = 't'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

let shared: Promise<PGliteInterface> | undefined;
/** One in-process PGlite per test file (starting one costs seconds); stores use distinct tables. */
export function sharedPglite(): Promise<PGliteInterface> {
  shared ??= createPglite();
  return shared;
}

export async function closeSharedPglite(): Promise<void> {
  if (shared) await (await shared).close();
  shared = undefined;
}

/** createStore/destroyStore pair for runStoreConformance. */
export function storeFactory(make: (table: string) => Promise<PgvectorDocumentStoreInit>, dim = 4) {
  return {
    embeddingDimension: dim,
    createStore: async (): Promise<DocumentStore> => {
      const store = new PgvectorDocumentStore({ ...(await make(uniqueTable())), embeddingDimension: dim });
      await store.initialize();
      return store;
    },
    destroyStore: async (store: DocumentStore): Promise<void> => {
      const s = store as PgvectorDocumentStore;
      await s.dropTable();
      await s.close();
    },
  };
}

/** Deterministic PRNG (core's mulberry32). */
export const rng = seededRandom;

/** `n` vectors of `dim` around `clusters` random centres (gaussian-ish noise), unit-normalized. */
export function clusteredVectors(n: number, dim: number, clusters: number, seed = 1, spread = 0.15): number[][] {
  const rand = rng(seed);
  const gauss = () => {
    let s = 0;
    for (let i = 0; i < 6; i++) s += rand();
    return s - 3;
  };
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, gauss));
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters] as number[];
    const v = c.map((x) => x + (gauss() * spread * Math.sqrt(dim)) / Math.sqrt(dim));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}
