import type { PGliteInterface } from '@electric-sql/pglite';
import { InvalidOptionsError, SerializationError } from '@synapse-rag/core';
import type pg from 'pg';
import { PgPoolClient } from './pg-pool-client.js';
import { PgliteClient } from './pglite-client.js';
import type { PgvectorStoreOptions } from './pgvector-store-options.js';
import type { SqlClient } from './sql-client.js';

/** Where the store's connection comes from (kept for `toJSON`). */
export type ConnectionKind = 'connectionString' | 'pool' | 'pglite' | 'dataDir' | 'memory';

/** Live connections a caller may hand to the store (never serialized, never closed by it). */
export interface CallerConnection {
  /** A caller's node-postgres pool. Used as is; `close()` never ends it. */
  pool?: pg.Pool;
  /** A caller's PGlite instance (must have the `vector` extension loaded). Never closed by us. */
  pglite?: PGliteInterface;
}

/** InvalidOptionsError unless at most one connection source is given. */
export function checkConnectionSources(options: PgvectorStoreOptions, caller: CallerConnection): void {
  const sources = [options.connectionString, options.connectionStringEnv, caller.pool, caller.pglite, options.dataDir];
  if (sources.filter((s) => s !== undefined).length > 1) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      'pass at most one of connectionString, connectionStringEnv, pool, pglite and dataDir.',
    );
  }
}

/**
 * The client of the connection source given (see {@link checkConnectionSources}): a caller's pool
 * or PGlite instance, a connection string (or the environment variable naming one), a PGlite data
 * directory, else PGlite in memory. InvalidOptionsError when `connectionStringEnv` is not set.
 */
export function openConnection(
  options: PgvectorStoreOptions,
  caller: CallerConnection,
): { client: SqlClient; kind: ConnectionKind } {
  const { pool, pglite } = caller;
  if (pool) return { client: new PgPoolClient(pool, false, options.bulkMode), kind: 'pool' };
  if (pglite) return { client: new PgliteClient({ pglite }, options.bulkMode), kind: 'pglite' };
  if (options.connectionString !== undefined || options.connectionStringEnv !== undefined) {
    let cs = options.connectionString;
    if (options.connectionStringEnv !== undefined) {
      cs = process.env[options.connectionStringEnv];
      if (!cs) {
        throw new InvalidOptionsError(
          'PgvectorDocumentStore',
          `environment variable ${options.connectionStringEnv} (connectionStringEnv) is not set.`,
        );
      }
    }
    const client = PgPoolClient.fromConnectionString(cs as string, { max: options.poolMax }, options.bulkMode);
    return { client, kind: 'connectionString' };
  }
  return {
    client: new PgliteClient({ dataDir: options.dataDir }, options.bulkMode),
    kind: options.dataDir !== undefined ? 'dataDir' : 'memory',
  };
}

/** `cs` with its password replaced by `****`. */
export function maskConnectionString(cs: string): string {
  try {
    const url = new URL(cs);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return cs.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:****@');
  }
}

/** The serializable options: password masked, a caller's live connection recorded as `connection`. */
export function serializeConnectionOptions(options: PgvectorStoreOptions, kind: ConnectionKind): Record<string, unknown> {
  const { connectionString, ...rest } = options;
  const out = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  if (connectionString !== undefined) out.connectionString = maskConnectionString(connectionString);
  if (kind === 'pool' || kind === 'pglite') out.connection = kind;
  return out;
}

/**
 * The constructor options of serialized ones; SerializationError for stores that cannot be
 * re-created (a caller's live pool / PGlite instance, a masked password).
 */
export function deserializeConnectionOptions(options: Record<string, unknown>): Record<string, unknown> {
  const { connection, ...rest } = options;
  if (connection === 'pool' || connection === 'pglite') {
    throw new SerializationError(
      `This PgvectorDocumentStore was created with a caller-owned ${connection}; it cannot be re-created from JSON. Construct it with the same ${connection} instead, or use connectionString / connectionStringEnv / dataDir.`,
      { connection },
    );
  }
  if (typeof rest.connectionString === 'string' && rest.connectionString.includes(':****@')) {
    throw new SerializationError(
      'The serialized connection string has a masked password. Use connectionStringEnv (the variable name is serialized) or construct the store in code.',
    );
  }
  return rest;
}
