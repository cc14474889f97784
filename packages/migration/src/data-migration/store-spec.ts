import { ChromaDocumentStore } from '@synapse-rag/chroma';
import { type Document, type DocumentStore, InvalidOptionsError } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';

/** A store opened from a spec string, with a paged scan of every document. */
export interface ScannableStore {
  spec: string;
  store: DocumentStore;
  /** Every document with its embedding, page by page (order is the store's). */
  scan(pageSize: number): AsyncGenerator<Document[]>;
  /** The documents with these ids (absent ids are left out). */
  fetch(ids: readonly string[]): Promise<Document[]>;
  close(): Promise<void>;
}

const parseVector = (text: string): number[] => text.slice(1, -1).split(',').map(Number);

function pgvectorStore(spec: string, store: PgvectorDocumentStore): ScannableStore {
  return {
    spec,
    store,
    async *scan(pageSize) {
      let after = '';
      for (;;) {
        const rows = await store.query<{
          id: string;
          content: string;
          meta: Document['meta'] | string;
          embedding: string | null;
        }>(
          `SELECT id, content, meta, embedding::text AS embedding FROM ${store.qualifiedTableName} WHERE id > $1::text ORDER BY id LIMIT ${pageSize}`,
          [after],
        );
        const last = rows[rows.length - 1];
        if (!last) return;
        after = last.id;
        yield rows.map((r) => ({
          id: r.id,
          content: r.content,
          meta: typeof r.meta === 'string' ? (JSON.parse(r.meta) as Document['meta']) : r.meta,
          ...(r.embedding ? { embedding: parseVector(r.embedding) } : {}),
        }));
      }
    },
    async fetch(ids) {
      const out: Document[] = [];
      for (let i = 0; i < ids.length; i += 1000) {
        out.push(...(await store.filterDocuments({ field: 'id', operator: 'in', value: ids.slice(i, i + 1000) })));
      }
      return out;
    },
    close: () => store.close(),
  };
}

function chromaStore(spec: string, store: ChromaDocumentStore): ScannableStore {
  return {
    spec,
    store,
    scan: (pageSize) => store.exportDocuments({ batchSize: pageSize }),
    fetch: async (ids) => [...(await store.getDocumentsByIds(ids)).values()],
    close: async () => {},
  };
}

/**
 * A store the caller already opened (e.g. a running service's), as a {@link ScannableStore}
 * named `spec` in reports; its `close()` leaves the store open (the caller owns it).
 */
export function scannableStore(spec: string, store: PgvectorDocumentStore | ChromaDocumentStore): ScannableStore {
  const scannable = store instanceof ChromaDocumentStore ? chromaStore(spec, store) : pgvectorStore(spec, store);
  return { ...scannable, close: async () => {} };
}

/**
 * Opens a store from a spec: `chroma:<http-url>/<collection>`, `postgres://…#[schema.]table` or
 * `pglite:<dir>#table` (`dimension` is needed for the pgvector kinds: their table is checked against it).
 */
export function openStoreSpec(spec: string, dimension: number | undefined): ScannableStore {
  const bad = (why: string) =>
    new InvalidOptionsError(
      'store spec',
      `"${spec}": ${why}. Use chroma:<http-url>/<collection>, postgres://…#[schema.]table or pglite:<dir>#table.`,
    );
  if (spec.startsWith('chroma:')) {
    const m = /^chroma:(https?:\/\/[^/]+)\/([^/]+)$/.exec(spec);
    if (!m) throw bad('not a chroma:<http-url>/<collection> spec');
    return chromaStore(spec, new ChromaDocumentStore({ url: m[1] as string, collectionName: m[2] as string }));
  }
  const [location = '', fragment = 'documents'] = spec.split('#');
  const [schemaName, tableName] = fragment.includes('.') ? fragment.split('.', 2) : ['public', fragment];
  if (dimension === undefined) throw bad('a pgvector store needs --dimension');
  const common = { schemaName, tableName, embeddingDimension: dimension, createTable: false };
  if (/^postgres(ql)?:\/\//.test(location))
    return pgvectorStore(spec, new PgvectorDocumentStore({ ...common, connectionString: location }));
  if (location.startsWith('pglite:'))
    return pgvectorStore(spec, new PgvectorDocumentStore({ ...common, dataDir: location.slice('pglite:'.length) }));
  throw bad('unknown kind');
}
