import type { TestProject } from 'vitest/node';
import { localPostgresAvailable, startPgliteServer, startPostgres, type ThrowawayServer } from '../src/testing/pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL server with pgvector, or null when none is available (tests skip). */
    pgUrl: string | null;
    /** URL of a pglite-server (wire protocol, no COPY FROM STDIN), or null if it failed to start. */
    pgliteServerUrl: string | null;
  }
}

const banner = (lines: string[]) => {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '!'.repeat(width + 4);
  console.warn(['', bar, ...lines.map((l) => `! ${l.padEnd(width)} !`), bar, ''].join('\n'));
};

/**
 * Provides a real PostgreSQL + pgvector to the `*.int.test.ts` files: DATABASE_URL if set, else a
 * throwaway cluster (initdb as the postgres user, free port, 127.0.0.1) stopped at the end. Without
 * either the server tests are skipped with a loud message — unless CI=true, where that fails.
 * Also starts a pglite-server for the wire-protocol fallback tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers: ThrowawayServer[] = [];
  let pgUrl: string | null = process.env.DATABASE_URL ?? null;
  if (!pgUrl) {
    const available = await localPostgresAvailable();
    if (available.ok) {
      const server = await startPostgres();
      servers.push(server);
      pgUrl = server.url;
    } else if (process.env.CI === 'true' || process.env.CI === '1') {
      throw new Error(
        `CI=true but no PostgreSQL with pgvector is available (${available.reason}). Run "bash scripts/install-postgres.sh" before the tests or set DATABASE_URL.`,
      );
    } else {
      banner([
        'pgvector: NO POSTGRESQL SERVER — the real-server tests (*.int.test.ts) are SKIPPED.',
        `Reason: ${available.reason}.`,
        'Enable them with:  sudo bash scripts/install-postgres.sh   (Debian: PostgreSQL 15 + pgvector 0.8)',
        '             or:  DATABASE_URL=postgres://user:pass@host:5432/db npm test   (any server with pgvector)',
      ]);
    }
  }
  let pgliteServerUrl: string | null = null;
  try {
    const server = await startPgliteServer({ maxConnections: 5 });
    servers.push(server);
    pgliteServerUrl = server.url;
  } catch (err) {
    if (process.env.CI === 'true' || process.env.CI === '1') throw err;
    banner([`pgvector: pglite-server failed to start; its protocol tests are SKIPPED: ${(err as Error).message.split('\n')[0]}`]);
  }
  project.provide('pgUrl', pgUrl);
  project.provide('pgliteServerUrl', pgliteServerUrl);
  return async () => {
    for (const s of servers.reverse()) await s.stop().catch((err) => console.error('stopping test server failed:', err));
  };
}
