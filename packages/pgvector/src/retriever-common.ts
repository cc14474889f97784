import {
  BaseComponent,
  type ComponentJSON,
  deserializeStore,
  type InputSockets,
  type OutputSockets,
  type Registry,
  retrieverOptionFields,
} from '@synapse-rag/core';
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

/** `toJSON()` options of a retriever: the store replaced by its own serialized form. */
export function serializeRetrieverOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { documentStore, ...rest } = options;
  return {
    ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>),
    documentStore: (documentStore as PgvectorDocumentStore).toJSON(),
  };
}

/** Re-creates the store from serialized retriever options. */
export function deserializePgvectorStore(options: Record<string, unknown>, registry: Registry): PgvectorDocumentStore {
  return deserializeStore(options.documentStore, registry, PgvectorDocumentStore, 'pgvector retriever');
}

/**
 * What the pgvector retrievers share besides their options: `toJSON()` with the store serialized
 * by `store.toJSON()`, and `fromJSONOptions` re-creating that store through the registry (so
 * `registry.register(Retriever)` is all a retriever needs for YAML).
 */
export abstract class PgvectorRetriever<
  Opts extends { documentStore: PgvectorDocumentStore },
  I extends InputSockets,
  O extends OutputSockets,
> extends BaseComponent<Opts, I, O> {
  override toJSON(): ComponentJSON {
    return { type: this.type, options: serializeRetrieverOptions(this.options) };
  }

  /** Re-creates a retriever from `toJSON().options` (the store through `registry`). */
  static fromJSONOptions<T>(this: new (options: never) => T, options: Record<string, unknown>, registry: Registry): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the method is called on.
    const Retriever = this as unknown as new (options: Record<string, unknown>) => T;
    return new Retriever({ ...options, documentStore: deserializePgvectorStore(options, registry) });
  }
}
