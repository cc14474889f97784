import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChromaServer } from '@synapse-rag/chroma';
import { localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL server with pgvector, or null when none is available (those tests skip). */
    migrationPgUrl: string | null;
    /** `http://host:port` of the shared Chroma server. */
    migrationChromaUrl: string;
  }
}

/**
 * One real PostgreSQL + pgvector (DATABASE_URL, else a throwaway cluster; skipped loudly when
 * neither exists unless CI=true) and one real Chroma server (CHROMA_URL, else a local one on a
 * temp dir) for the migration package's `*.int.test.ts`. Both are stopped by pid at the end.
 * Tests that stop and restart Chroma start their own server.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  let pgUrl: string | null = process.env.DATABASE_URL ?? null;
  if (!pgUrl) {
    const available = await localPostgresAvailable();
    if (available.ok) {
      const server: ThrowawayServer = await startPostgres();
      stops.push(() => server.stop());
      pgUrl = server.url;
    } else if (process.env.CI === 'true' || process.env.CI === '1') {
      throw new Error(`CI=true but no PostgreSQL with pgvector is available (${available.reason}).`);
    } else {
      console.warn(`\n!!! migration: NO POSTGRESQL SERVER (${available.reason}) — the PostgreSQL tests are SKIPPED !!!\n`);
    }
  }
  let chromaUrl = process.env.CHROMA_URL?.replace(/\/+$/, '');
  if (!chromaUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-migration-chroma-'));
    const server = await startChromaServer({ path: join(dir, 'data') }).catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
    stops.push(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    chromaUrl = server.url;
  }
  project.provide('migrationPgUrl', pgUrl);
  project.provide('migrationChromaUrl', chromaUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error('stopping a test server failed:', error));
  };
}
