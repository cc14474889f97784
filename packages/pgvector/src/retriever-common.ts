import {
  applyFilterPolicy,
  deserializeStore,
  type Filter,
  type FilterPolicy,
  FilterSchema,
  type Registry,
  validateOptionalFilter,
} from '@synapse-rag/core';
import { z } from 'zod';
import { PgvectorDocumentStore } from './pgvector-document-store.js';

/** zod schema accepting only a live {@link PgvectorDocumentStore}. */
export const documentStoreSchema = z.custom<PgvectorDocumentStore>((v) => v instanceof PgvectorDocumentStore, {
  message: 'documentStore must be a PgvectorDocumentStore',
});

/** Options every pgvector retriever shares. */
export const baseRetrieverShape = {
  /** The store to query. Serialised with `store.toJSON()` (password masked). */
  documentStore: documentStoreSchema,
  /** Filters applied to every query (combined with run-time filters per `filterPolicy`). @default undefined */
  filters: FilterSchema.optional(),
  /** Number of documents to return. @default 10 */
  topK: z.number().int().positive().default(10),
  /** `replace`: run-time filters replace `filters`; `merge`: both apply (AND). @default "replace" */
  filterPolicy: z.enum(['replace', 'merge']).default('replace'),
  /**
   * Include embeddings in the returned documents: the stored float32 (halfvec: float16) values
   * exactly, read in binary. `false` skips reading them (the fastest choice for RAG prompts).
   * @default true
   */
  returnEmbedding: z.boolean().default(true),
};

/** Filters for one run: validated (FilterError on malformed input), then combined per policy. */
export function runFilters(policy: FilterPolicy, initFilters: Filter | undefined, runtime: unknown): Filter | undefined {
  return applyFilterPolicy(policy, validateOptionalFilter(initFilters), validateOptionalFilter(runtime));
}

/** `toJSON()` options of a retriever: the store replaced by its own serialised form. */
export function serialiseRetrieverOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { documentStore, ...rest } = options;
  return {
    ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>),
    documentStore: (documentStore as PgvectorDocumentStore).toJSON(),
  };
}

/** Re-creates the store from serialised retriever options. */
export function deserialiseStore(options: Record<string, unknown>, registry: Registry): PgvectorDocumentStore {
  return deserializeStore(options.documentStore, registry, PgvectorDocumentStore, 'pgvector retriever');
}
