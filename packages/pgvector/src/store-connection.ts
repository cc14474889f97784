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
  /** A caller's node-postgres pool on a read replica (see `readConnectionString`). Never ended by the store. */
  readPool?: pg.Pool;
}

/**
 * InvalidOptionsError unless at most one connection source and at most one read-replica source
 * are given, and a read replica only comes with a server primary.
 */
export function checkConnectionSources(options: PgvectorStoreOptions, caller: CallerConnection): void {
  const sources = [options.connectionString, options.connectionStringEnv, caller.pool, caller.pglite, options.dataDir];
  if (sources.filter((s) => s !== undefined).length > 1) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      'pass at most one of connectionString, connectionStringEnv, pool, pglite and dataDir.',
    );
  }
  const readSources = [options.readConnectionString, options.readConnectionStringEnv, caller.readPool];
  const readCount = readSources.filter((s) => s !== undefined).length;
  if (readCount > 1) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      'pass at most one of readConnectionString, readConnectionStringEnv and readPool.',
    );
  }
  const serverPrimary = [options.connectionString, options.connectionStringEnv, caller.pool].some((s) => s !== undefined);
  if (readCount > 0 && !serverPrimary) {
    throw new InvalidOptionsError(
      'PgvectorDocumentStore',
      'a read replica (readConnectionString, readConnectionStringEnv or readPool) needs a server primary: connectionString, connectionStringEnv or pool.',
    );
  }
}

/** The connection string given directly or through the environment variable named by `envOption`. */
function connectionStringOf(value: string | undefined, envName: string | undefined, envOption: string): string | undefined {
  if (envName === undefined) return value;
  const cs = process.env[envName];
  if (!cs) {
    throw new InvalidOptionsError('PgvectorDocumentStore', `environment variable ${envName} (${envOption}) is not set.`);
  }
  return cs;
}

/** The read replica's client (see `readConnectionString`), or `undefined` without one. */
export function openReadConnection(options: PgvectorStoreOptions, caller: CallerConnection): SqlClient | undefined {
  if (caller.readPool) return new PgPoolClient(caller.readPool, false, options.bulkMode);
  const cs = connectionStringOf(options.readConnectionString, options.readConnectionStringEnv, 'readConnectionStringEnv');
  return cs === undefined ? undefined : PgPoolClient.fromConnectionString(cs, { max: options.poolMax }, options.bulkMode);
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
    const cs = connectionStringOf(options.connectionString, options.connectionStringEnv, 'connectionStringEnv');
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

/**
 * The serializable options: passwords masked, a caller's live connection recorded as
 * `connection` (and a caller's read pool as `readConnection: "pool"`).
 */
export function serializeConnectionOptions(
  options: PgvectorStoreOptions,
  kind: ConnectionKind,
  callerReadPool = false,
): Record<string, unknown> {
  const { connectionString, readConnectionString, ...rest } = options;
  const out = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  if (connectionString !== undefined) out.connectionString = maskConnectionString(connectionString);
  if (readConnectionString !== undefined) out.readConnectionString = maskConnectionString(readConnectionString);
  if (kind === 'pool' || kind === 'pglite') out.connection = kind;
  if (callerReadPool) out.readConnection = 'pool';
  return out;
}

/**
 * The constructor options of serialized ones; SerializationError for stores that cannot be
 * re-created (a caller's live pool / PGlite instance, a masked password).
 */
export function deserializeConnectionOptions(options: Record<string, unknown>): Record<string, unknown> {
  const { connection, readConnection, ...rest } = options;
  if (readConnection === 'pool') {
    throw new SerializationError(
      'This PgvectorDocumentStore was created with a caller-owned readPool; it cannot be re-created from JSON. Construct it with the same readPool instead, or use readConnectionString / readConnectionStringEnv.',
      { readConnection },
    );
  }
  if (connection === 'pool' || connection === 'pglite') {
    throw new SerializationError(
      `This PgvectorDocumentStore was created with a caller-owned ${connection}; it cannot be re-created from JSON. Construct it with the same ${connection} instead, or use connectionString / connectionStringEnv / dataDir.`,
      { connection },
    );
  }
  const masked = (v: unknown) => typeof v === 'string' && v.includes(':****@');
  if (masked(rest.connectionString) || masked(rest.readConnectionString)) {
    throw new SerializationError(
      'The serialized connection string has a masked password. Use connectionStringEnv / readConnectionStringEnv (the variable name is serialized) or construct the store in code.',
    );
  }
  return rest;
}
