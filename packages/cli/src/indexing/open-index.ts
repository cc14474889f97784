import type { DocumentStore } from '@synapse-rag/core';
import type { EmbedderSpec } from '../models/model-choice.js';
import { type OpenStores, openStores } from '../store/open-stores.js';
import type { StoreSettings } from '../store/store-options.js';
import { IndexLedger } from './index-ledger.js';

/** An index opened for writing or reading: its stores, its ledger and its documents store. */
export interface OpenIndex {
  stores: OpenStores;
  /** Which store holds the chunks and the ledger. */
  kind: 'pgvector' | 'chroma';
  ledger: IndexLedger;
  /** The documents store for `embedder`'s dimension. */
  documents(embedder: EmbedderSpec): DocumentStore;
  close(): Promise<void>;
}

/**
 * Opens the store `synapse index` writes to (`--store`, default pgvector) and its ledger. Close
 * it when done.
 */
export async function openIndex(settings: StoreSettings): Promise<OpenIndex> {
  const stores = await openStores(settings);
  try {
    const kind = settings.store ?? 'pgvector';
    const ledger = await IndexLedger.load(stores.ledger(kind));
    return {
      stores,
      kind,
      ledger,
      documents: (embedder) => (kind === 'chroma' ? (stores.chroma() as DocumentStore) : stores.pgvector(embedder.dimension)),
      close: () => stores.close(),
    };
  } catch (error) {
    await stores.close();
    throw error;
  }
}
