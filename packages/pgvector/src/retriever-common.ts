import type { InputSockets, OutputSockets } from '@synapse-rag/core';
import { retrieverOptionFields, StoreComponent } from '@synapse-rag/core';
import { z } from 'zod';
import { PgvectorDocumentStore } from './pgvector-document-store.js';

/** zod schema accepting only a live {@link PgvectorDocumentStore}. */
export const documentStoreSchema = z.custom<PgvectorDocumentStore>((v) => v instanceof PgvectorDocumentStore, {
  message: 'documentStore must be a PgvectorDocumentStore',
});

/** Options every pgvector retriever shares. */
export const baseRetrieverShape = {
  /** The store to query. Serialized with `store.toJSON()` (password masked). */
  documentStore: documentStoreSchema,
  /** `filters`, `topK` (@default 10), `filterPolicy` (@default "replace"): core's retriever options. */
  ...retrieverOptionFields,
  /**
   * Include embeddings in the returned documents: the stored float32 (halfvec: float16) values
   * exactly, read in binary. `false` skips reading them (the fastest choice for RAG prompts).
   * @default true
   */
  returnEmbedding: z.boolean().default(true),
};

/**
 * Base of the pgvector retrievers: core's {@link StoreComponent} (serialization of the store
 * once) with the store required to be a {@link PgvectorDocumentStore} when re-created.
 */
export abstract class PgvectorRetriever<
  Opts extends { documentStore: PgvectorDocumentStore },
  I extends InputSockets,
  O extends OutputSockets,
> extends StoreComponent<Opts, I, O> {
  static override readonly storeClass = PgvectorDocumentStore;
}
