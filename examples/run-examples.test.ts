import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FakeOllamaServer } from '@synapse-rag/ollama/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** Runs one example the way its header says (`npx tsx --conditions=source examples/<name>.ts`). */
async function runExample(name: string, args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(tsx, ['--conditions=source', `examples/${name}.ts`, ...args], {
    cwd: root,
    timeout: 60_000,
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
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
      const out = await runExample('index-your-folder', [dir, 'How do I back up the database with pg_dump?']);
      expect(out).toMatch(/Indexed 2 files from [^\n]* \(2 chunks\): 2 new chunks written, 0 unreadable, 2 in the store/);
      expect(out).toMatch(/1\. [\d.]+\s+backups\.md/);
      expect(out).not.toContain('ignored.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('langchain-interop.ts runs LangChain pieces in a Synapse pipeline and a Synapse pipeline in an LCEL chain', async () => {
    const out = await runExample('langchain-interop');
    const [toSynapse = '', toLangChain = ''] = out.split('2. Synapse → LangChain');
    expect(toSynapse).toContain('langchain: Penicillin was discovered by Alexander Fleming');
    expect(toSynapse).toContain('synapse: Penicillin kills bacteria');
    expect(toSynapse).toMatch(/reply: Alexander Fleming/);
    expect(toLangChain).toMatch(/Context: Penicillin kills bacteria[^\n]*\n\s+Question: Who discovered penicillin\?/);
  }, 60_000);

  it('ollama-rag.ts answers through a reachable Ollama server and skips with a clear message otherwise', async () => {
    const server = await FakeOllamaServer.start();
    try {
      const out = await runExample('ollama-rag', [], { OLLAMA_HOST: server.url });
      expect(out).toContain('Retrieved: pg\n');
      // The fake LLM echoes its prompt: the answer was generated from the retrieved document.
      expect(out).toMatch(/Answer: echo: Context: pgvector adds vector similarity search/);
      const missing = await runExample('ollama-rag', [], { OLLAMA_HOST: server.url, OLLAMA_MODEL: 'not-pulled' });
      expect(missing).toMatch(/^Skipped: Ollama at [^\n]* lacks not-pulled\. Pull with: ollama pull not-pulled/);
    } finally {
      await server.close();
    }
    const closedPort = await runExample('ollama-rag', [], { OLLAMA_HOST: server.url });
    expect(closedPort).toMatch(/^Skipped: no Ollama server reachable at http:\/\/127\.0\.0\.1:\d+\. Start one/);
  }, 60_000);

  it('migration-dry-run.ts reads a generated legacy SQLite + Chroma pair and reports rejects and orphans', async () => {
    const out = await runExample('migration-dry-run');
    expect(out).toMatch(/Dry run \(nothing written\): would migrate 499 documents of dimension 64\./);
    expect(out).toMatch(/doc-000007: invalid metadata JSON/);
    expect(out).toMatch(/doc-no-embedding: missing embedding/);
    expect(out).toContain('Orphans (in Chroma, not in SQLite) 2: chroma-only-1, chroma-only-2');
  }, 60_000);

  it('shadow-read-rollout.ts holds the rollout on low shadow overlap, then moves users stage by stage', async () => {
    const out = await runExample('shadow-read-rollout');
    const lines = out.split('\n');
    // The incomplete backfill is caught at 0 % (no user moved yet), then the stages pass.
    expect(lines[0]).toMatch(/^\s+0 % →\s+0\/200 users on the target; shadow overlap@5 mean 0\.\d\d, [1-9]\d* low/);
    expect(out).toMatch(/gate failed[^\n]*\n\s+backfilled 40 documents/);
    const toTarget = (p: number) =>
      Number(new RegExp(`^\\s*${p} % →\\s+(\\d+)/200[^\\n]*mean 1\\.00, 0 low`, 'm').exec(out)?.[1]);
    expect(toTarget(10)).toBeGreaterThan(5);
    expect(toTarget(10)).toBeLessThan(toTarget(50));
    expect(toTarget(100)).toBe(200);
    expect(out).toMatch(/synapse_shadow_reads_total\{outcome="low_overlap"\} [1-9]/);
  }, 60_000);

  it('explore.ts walks documents, embeddings, each retriever, fusion and the diagram', async () => {
    const out = await runExample('explore');
    const headings = [...out.matchAll(/^## (\d)\./gm)].map((m) => m[1]);
    expect(headings).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(out).toMatch(/\[100\] -?\d\.\d{3}, /); // embeddings printed with their dimension
    expect(out).toMatch(/keyword \(BM25\):\n\s+1\. [\d.]+\s+\w+\s+pgvector adds a vector column/);
    expect(out).toMatch(/vector \(cosine\):\n\s+1\. [\d.]+\s+\w+\s+pgvector adds a vector column/);
    expect(out).toContain('same ranking as the steps above: true');
    expect(out).toMatch(/graph TD[\s\S]*core\.DocumentJoiner/);
  }, 60_000);

  it('notebooks/explore.ipynb holds the cells of explore.ts, outputs stripped', async () => {
    const notebook = JSON.parse(await readFile(join(root, 'examples/notebooks/explore.ipynb'), 'utf8')) as {
      cells: Array<{ cell_type: string; source: string[]; outputs?: unknown[]; execution_count?: number | null }>;
    };
    const code = notebook.cells.filter((c) => c.cell_type === 'code');
    expect(code.every((c) => c.outputs?.length === 0 && c.execution_count === null)).toBe(true);
    const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');
    const script = (await readFile(join(root, 'examples/explore.ts'), 'utf8')).split('*/\n').slice(1).join('*/\n');
    const withoutStepComments = script.replace(/^\/\/ Step \d[^\n]*$/gm, '');
    expect(words(code.map((c) => c.source.join('')).join('\n'))).toBe(words(withoutStepComments));
  });
});
