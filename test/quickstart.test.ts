import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

// The README's main job: synapse index + synapse ask over the shipped PostgreSQL docs, offline.
describe('examples/quickstart.ts (the README main job)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-quickstart-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const quickstart = async (...args: string[]) =>
    (
      await run(tsx, ['--conditions=source', 'examples/quickstart.ts', '--pglite-dir', join(dir, 'pg'), ...args], {
        cwd: root,
        timeout: 300_000,
        env: { ...process.env, NODE_NO_WARNINGS: '1', OLLAMA_HOST: 'http://127.0.0.1:9', DATABASE_URL: '', CHROMA_URL: '' },
      })
    ).stdout;

  it('indexes the 332 pages and answers from the right page with its title', async () => {
    const out = await quickstart('How do I build an index without blocking writes to the table?');
    expect(out).toMatch(
      /Indexed 332 of 332 files \(0 unchanged, skipped; 0 failed\) into table postgresql_docs .*: \d{4,} chunks written/,
    );
    expect(out).toMatch(/Answer \(extractive[^\n]*\n\s+[^\n]*building indexes without locking out writes\. \[(\d)\]/);
    const n = /without locking out writes\. \[(\d)\]/.exec(out)?.[1];
    expect(out).toMatch(
      new RegExp(
        `Sources:\\n(\\s+\\[\\d\\] [^\\n]+\\n)*\\s+\\[${n}\\] examples/data/postgresql-docs/sql-createindex\\.html — "CREATE INDEX"`,
      ),
    );
  }, 300_000);

  it('re-runs skip every unchanged page; --json gives the sources with their paths', async () => {
    const out = await quickstart('--json', 'What does VACUUM do?');
    expect(out).toMatch(/Indexed 0 of 332 files \(332 unchanged, skipped; 0 failed\)/);
    const json = JSON.parse(out.slice(out.indexOf('{"question"'))) as { sources: Array<{ path: string }>; answer: string };
    expect(json.answer).toMatch(/VACUUM/);
    expect(json.sources.map((s) => s.path)).toContain('examples/data/postgresql-docs/routine-vacuuming.html');
  }, 300_000);
});
