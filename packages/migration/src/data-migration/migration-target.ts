import { InvalidOptionsError } from '@synapse-rag/core';
import { createPglite, PgliteClient, PgPoolClient, PgvectorDocumentStore, type SqlClient } from '@synapse-rag/pgvector';

/** Where migrated documents go: a PostgreSQL server or a PGlite data directory. */
export interface TargetSpec {
  /** `postgres://…` of a server with pgvector. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (the embedded store). */
  pgliteDir?: string | undefined;
  /** @default "public" */
  schema?: string | undefined;
  /** @default "documents" */
  table?: string | undefined;
}

/** An open target: the document store (created with deferred indexes) and a client for transactions on the same connection source. */
export interface OpenTarget {
  store: PgvectorDocumentStore;
  client: SqlClient;
  close(): Promise<void>;
}

/**
 * Opens the target once: one pool (or one PGlite instance) shared by the store and by the
 * migration's own transactions (batch + checkpoint). The store is created with `deferIndexes`
 * so a fresh table gets its indexes only after the load.
 */
export async function openTarget(
  spec: TargetSpec,
  dimension: number,
  options: { deferIndexes?: boolean; createTable?: boolean } = {},
): Promise<OpenTarget> {
  if (Boolean(spec.databaseUrl) === Boolean(spec.pgliteDir)) {
    throw new InvalidOptionsError(
      'migration target',
      'give exactly one of databaseUrl (a PostgreSQL server) or pgliteDir (embedded PGlite).',
    );
  }
  const common = {
    schemaName: spec.schema ?? 'public',
    tableName: spec.table ?? 'documents',
    embeddingDimension: dimension,
    deferIndexes: options.deferIndexes ?? true,
    createTable: options.createTable ?? true,
    searchStrategy: 'hnsw' as const,
  };
  if (spec.databaseUrl) {
    const client = PgPoolClient.fromConnectionString(spec.databaseUrl, { max: 4 });
    return opened(new PgvectorDocumentStore({ ...common, pool: client.pool }), client, () => client.close());
  }
  const pglite = await createPglite(spec.pgliteDir);
  const client = new PgliteClient({ pglite });
  return opened(new PgvectorDocumentStore({ ...common, pglite }), client, () => pglite.close());
}

/** The store, its client, and a close that closes the store before the connection source. */
function opened(store: PgvectorDocumentStore, client: SqlClient, closeSource: () => Promise<void>): OpenTarget {
  return {
    store,
    client,
    close: async () => {
      await store.close();
      await closeSource();
    },
  };
}
