import { mkdirSync } from 'node:fs';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import type { DocumentStore } from '@synapse-rag/core';
import { createPglite, PgvectorDocumentStore } from '@synapse-rag/pgvector';
import type { StoreSettings } from './store-options.js';

type Pglite = Awaited<ReturnType<typeof createPglite>>;

/** The stores the settings name, opened lazily and closed together. */
export interface OpenStores {
  readonly settings: StoreSettings;
  /** The pgvector documents table with `dimension`-d embeddings (one instance per dimension). */
  pgvector(dimension: number): PgvectorDocumentStore;
  /** The Chroma collection, or `undefined` when no Chroma server is configured. */
  chroma(): ChromaDocumentStore | undefined;
  /**
   * The small side store of indexed files and the embedder in use (`<table>_sources` next to a
   * pgvector table, `<collection>-sources` next to a Chroma collection).
   */
  ledger(kind: 'pgvector' | 'chroma'): DocumentStore;
  close(): Promise<void>;
}

/** `[schema, table]` of a `--table` value. */
export function splitTable(table: string): [string, string] {
  const [a, b] = table.split('.');
  return b === undefined ? ['public', a as string] : [a as string, b];
}

/**
 * Opens the stores of `settings` on demand. A PGlite directory is opened ONCE and shared by the
 * documents table and the ledger (two PGlite instances on one directory would corrupt it).
 */
export async function openStores(settings: StoreSettings): Promise<OpenStores> {
  let pglite: Pglite | undefined;
  if (settings.pgvector.databaseUrl === undefined && settings.store !== 'chroma') {
    mkdirSync(settings.pgvector.pgliteDir, { recursive: true });
    pglite = await createPglite(settings.pgvector.pgliteDir);
  }
  const [schemaName, tableName] = splitTable(settings.pgvector.table);
  const connection = () => (pglite ? { pglite } : { connectionString: settings.pgvector.databaseUrl as string, poolMax: 4 });
  const pgStores = new Map<string, PgvectorDocumentStore>();
  const pgStore = (table: string, dimension: number) => {
    const key = `${table}/${dimension}`;
    let store = pgStores.get(key);
    if (!store) {
      if (!pglite && settings.pgvector.databaseUrl === undefined) {
        throw new Error('internal: the pgvector store was not opened (--store chroma without a database URL)');
      }
      store = new PgvectorDocumentStore({
        ...connection(),
        schemaName,
        tableName: table,
        embeddingDimension: dimension,
        vectorFunction: 'cosine_similarity',
        // Questions in natural language over chunks: any of their words (bench:quickstart).
        keywordMatch: 'any',
      });
      pgStores.set(key, store);
    }
    return store;
  };
  const chromaStores = new Map<string, ChromaDocumentStore>();
  const chromaStore = (collection: string) => {
    const chroma = settings.chroma;
    if (!chroma) return undefined;
    let store = chromaStores.get(collection);
    if (!store) {
      store = new ChromaDocumentStore({ url: chroma.url, collectionName: collection });
      chromaStores.set(collection, store);
    }
    return store;
  };
  return {
    settings,
    pgvector: (dimension) => pgStore(tableName, dimension),
    chroma: () => (settings.chroma ? chromaStore(settings.chroma.collection) : undefined),
    ledger: (kind) => {
      if (kind === 'pgvector') return pgStore(`${tableName}_sources`, 1);
      const store = settings.chroma ? chromaStore(`${settings.chroma.collection}-sources`) : undefined;
      if (!store) throw new Error('internal: no Chroma store configured for the ledger');
      return store;
    },
    async close() {
      for (const store of pgStores.values()) await store.close();
      await pglite?.close();
    },
  };
}
