import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'synapse-rag-build.lock');
const STALE_MS = 15 * 60_000;

/**
 * Runs `fn` while holding a machine-wide lock (an atomic `mkdir`), so test files that build the
 * workspace packages' `dist/` (`tsc -b`, `npm pack`'s prepack) do not write the same files at once
 * in parallel vitest workers. A lock older than 15 minutes is taken as left by a killed run.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
