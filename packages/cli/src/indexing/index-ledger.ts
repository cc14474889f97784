import type { DocumentStore } from '@synapse-rag/core';
import type { EmbedderSpec } from '../models/model-choice.js';

/** One indexed file as the ledger remembers it. */
export interface LedgerEntry {
  /** The path as cited (relative to the working directory when inside it). */
  path: string;
  /** sha256 of the file's bytes. */
  hash: string;
  /** Ids of the chunks written for it (deleted when the file changes). */
  chunkIds: string[];
  indexedAt: string;
}

const EMBEDDER_ID = 'synapse:embedder';
const fileId = (path: string) => `file:${path}`;

/**
 * What an index holds, kept in a small side store (a `<table>_sources` table or a
 * `<collection>-sources` collection, one record per file plus one for the embedder): which file
 * was indexed with which content hash and chunk ids, and which embedder made the vectors. Only
 * the `DocumentStore` protocol is used, so every store kind can carry it.
 */
export class IndexLedger {
  private constructor(
    private readonly store: DocumentStore,
    private readonly entries: Map<string, LedgerEntry>,
    private embedderSpec: EmbedderSpec | undefined,
  ) {}

  /** Reads every record of `store` (a few hundred small documents for a few hundred files). */
  static async load(store: DocumentStore): Promise<IndexLedger> {
    const entries = new Map<string, LedgerEntry>();
    let embedder: EmbedderSpec | undefined;
    for (const d of await store.filterDocuments()) {
      if (d.id === EMBEDDER_ID) embedder = JSON.parse(String(d.meta.spec)) as EmbedderSpec;
      else if (d.meta.kind === 'file') {
        entries.set(d.content, {
          path: d.content,
          hash: String(d.meta.hash),
          chunkIds: JSON.parse(String(d.meta.chunk_ids)) as string[],
          indexedAt: String(d.meta.indexed_at),
        });
      }
    }
    return new IndexLedger(store, entries, embedder);
  }

  /** The embedder the index was built with (`undefined`: nothing indexed yet). */
  get embedder(): EmbedderSpec | undefined {
    return this.embedderSpec;
  }

  get files(): readonly LedgerEntry[] {
    return [...this.entries.values()];
  }

  get(path: string): LedgerEntry | undefined {
    return this.entries.get(path);
  }

  /** Records the embedder (once, before the first chunks are written). */
  async setEmbedder(spec: EmbedderSpec): Promise<void> {
    this.embedderSpec = spec;
    await this.store.writeDocuments(
      [{ id: EMBEDDER_ID, content: 'embedder', meta: { kind: 'embedder', spec: JSON.stringify(spec) }, embedding: [1] }],
      { policy: 'overwrite' },
    );
  }

  /** Records (or replaces) the entries of indexed files. */
  async put(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.store.writeDocuments(
      entries.map((e) => ({
        id: fileId(e.path),
        content: e.path,
        meta: { kind: 'file', hash: e.hash, chunk_ids: JSON.stringify(e.chunkIds), indexed_at: e.indexedAt },
        embedding: [1],
      })),
      { policy: 'overwrite' },
    );
    for (const e of entries) this.entries.set(e.path, e);
  }
}
