import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** Runs one example the way its header says (`npx tsx --conditions=source examples/<name>.ts`). */
async function runExample(name: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(tsx, ['--conditions=source', `examples/${name}.ts`, ...args], {
    cwd: root,
    timeout: 60_000,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return stdout;
}

describe('examples run as documented', () => {
  it('custom-pipeline.ts answers with each swapped component and reloads from YAML', async () => {
    const out = await runExample('custom-pipeline');
    expect(out).toMatch(/1\. in-memory BM25 → extractive: Alexander Fleming[^\n]*\[1\]/);
    expect(out).toMatch(/2\. pgvector keyword → extractive: Alexander Fleming/);
    expect(out).toMatch(/ShoutingGenerator: ALEXANDER FLEMING DISCOVERED PENICILLIN/);
    expect(out).toMatch(/loaded from YAML \(\d+ lines\): ALEXANDER FLEMING/);
    expect(out).toMatch(/graph TD[\s\S]*examples\.ShoutingGenerator/);
  }, 60_000);

  it('hybrid-reranking.ts prints each stage and puts the heart document first', async () => {
    const out = await runExample('hybrid-reranking');
    for (const stage of ['vector', 'keyword', 'fused (RRF', 'reranked', 'one-query hybrid']) {
      expect(out).toContain(stage);
    }
    const reranked = out.split('reranked')[1] ?? '';
    expect(reranked).toMatch(/^[^\n]*\n\s+1\. [\d.]+\s+#1\s+The heart pumps blood/);
  }, 60_000);

  it('index-your-folder.ts indexes a folder given on the command line and finds the right file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-example-folder-'));
    try {
      await writeFile(join(dir, 'backups.md'), '# Backups\n\nRun pg_dump every night and copy the dump to object storage.');
      await writeFile(join(dir, 'cooking.txt'), 'Boil the pasta in salted water for nine minutes, then drain it.');
      await writeFile(join(dir, 'ignored.json'), '{"not": "indexed"}');
      const out = await runExample('index-your-folder', dir, 'How do I back up the database with pg_dump?');
      expect(out).toMatch(/Indexed 2 files from [^\n]*: 2 new documents written, 0 unreadable, 2 in the store/);
      expect(out).toMatch(/1\. [\d.]+\s+backups\.md/);
      expect(out).not.toContain('ignored.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
