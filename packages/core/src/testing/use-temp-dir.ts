import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * Registers hooks that give the enclosing `describe` a fresh temporary directory — made before
 * each test (`'each'`) or once before all of them (`'all'`) and removed after — and returns a
 * function giving a path in it: `path('flags.json')`. Call that inside hooks and tests.
 */
export function useTempDir(prefix: string, lifetime: 'each' | 'all'): (...parts: string[]) => string {
  let dir: string | undefined;
  const [before, after] = lifetime === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return (...parts) => {
    if (dir === undefined) throw new Error('useTempDir: the directory exists only inside hooks and tests.');
    return join(dir, ...parts);
  };
}
