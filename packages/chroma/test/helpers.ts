import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ChromaDocumentStore } from '../src/chroma-document-store.js';
import type { ChromaDocumentStoreOptions } from '../src/chroma-store-options.js';

/** URL of the test server (global setup). */
export function chromaUrl(): string {
  return inject('chromaUrl');
}

/** A unique collection name for one test. */
export function uniqueCollectionName(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/** A store on the test server with a fresh collection. */
export function newStore(options: Partial<ChromaDocumentStoreOptions> = {}): ChromaDocumentStore {
  return new ChromaDocumentStore({ url: chromaUrl(), collectionName: uniqueCollectionName(), ...options });
}

/** Drops the store's collection (ignores a missing one). */
export async function dropStore(store: ChromaDocumentStore): Promise<void> {
  try {
    await store.chromaClient.deleteCollection({ name: store.collectionName });
  } catch {
    // never created
  }
}
