import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withBuildLock } from './build-lock.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const kernelBin = join(root, 'tools', 'notebook', 'node_modules', '.bin');

/** Why the notebook cannot run here (`undefined`: it can). */
function missing(): string | undefined {
  if (!existsSync(join(kernelBin, 'tslab'))) return 'tslab is not installed in tools/notebook';
  try {
    execFileSync('python3', ['-c', 'import nbclient, nbformat, ipykernel'], { stdio: 'ignore' });
  } catch {
    return "Python's nbclient / nbformat / ipykernel are not importable";
  }
  try {
    const specs = execFileSync('jupyter', ['kernelspec', 'list'], { encoding: 'utf8' });
    if (!/^\s*tslab\s/m.test(specs)) return 'the tslab Jupyter kernel spec is not installed';
  } catch {
    return 'jupyter is not on PATH';
  }
  return undefined;
}

const why = missing();
if (why && process.env.CI === 'true')
  throw new Error(`${why}: run bash scripts/install-notebook-kernel.sh (CI must execute the notebooks).`);
if (why) console.warn(`\n*** notebooks NOT executed: ${why}. Run bash scripts/install-notebook-kernel.sh ***\n`);

interface NotebookRun {
  cells: Array<{ source: string; outputs: string[] }>;
  error: string | null;
}

describe.skipIf(why !== undefined)('examples/notebooks (executed headless: tslab kernel + nbclient)', () => {
  it('explore.ipynb runs every cell: documents, embeddings, each retriever, fusion, the pipeline, Mermaid', async () => {
    // tslab imports the workspace packages' dist/: build the ones the notebook imports.
    await withBuildLock(() =>
      run(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'packages/core', 'packages/transformers'], {
        cwd: root,
        timeout: 240_000,
      }),
    );
    const { stdout } = await run('python3', ['scripts/run-notebook.py', 'examples/notebooks/explore.ipynb'], {
      cwd: root,
      timeout: 240_000,
      env: { ...process.env, PATH: `${kernelBin}${delimiter}${process.env.PATH ?? ''}` },
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`notebook failed: ${error.stdout ?? ''}\n${error.stderr ?? ''}\n${error.message}`);
    });
    const result = JSON.parse(stdout) as NotebookRun;
    expect(result.error).toBeNull();
    const out = result.cells.flatMap((c) => c.outputs).join('');
    expect([...out.matchAll(/^## (\d)\./gm)].map((m) => m[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(out).toMatch(/\[100\] -?\d\.\d{3}, /);
    expect(out).toMatch(/keyword \(BM25\):\n\s+1\. [\d.]+\s+\w+\s+pgvector adds a vector column/);
    expect(out).toContain('same ranking as the steps above: true');
    expect(out).toMatch(/graph TD[\s\S]*core\.DocumentJoiner/);
  }, 300_000);
});
