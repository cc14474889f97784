/**
 * Every `ts` fenced block of README.md and docs/*.md is type-checked with the repository's
 * compiler settings, and executed (with tsx, each block as its own module) unless the line
 * before its fence is `<!-- typecheck-only -->` (blocks that need a server the tests do not
 * start). docs/writing-components.md is left to packages/core/test/writing-components-doc.test.ts,
 * which runs its blocks as one module of tests.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const TYPECHECK_ONLY = '<!-- typecheck-only -->';

interface Snippet {
  /** `docs/concepts.md:42` (the fence's line). */
  where: string;
  file: string;
  code: string;
  execute: boolean;
}

const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'writing-components.md')
    .map((f) => `docs/${f}`),
];
// Inside the repository (under the git-ignored .tmp/) so '@synapse-rag/*' resolve as for the examples.
const dir = join(root, '.tmp', `docs-snippets-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snippets: Snippet[] = docs.flatMap((doc) => {
  const lines = readFileSync(join(root, doc), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    const code = lines.slice(i + 1, end).join('\n');
    const file = join(dir, `${doc.replace(/[/.]/g, '_')}_${i + 1}.ts`);
    // `export {}` makes every block a module (top-level await, no clashes between blocks).
    writeFileSync(file, `${code}\nexport {};\n`);
    found.push({ where: `${doc}:${i + 1}`, file, code, execute: lines[i - 1]?.trim() !== TYPECHECK_ONLY });
    i = end;
  }
  return found;
});

/** Type errors per snippet under the repository's tsconfig.json (one program for all of them). */
function typeErrors(): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(
    snippets.map((s) => s.file),
    { ...options, noEmit: true },
  );
  return snippets.flatMap((s) => {
    const source = program.getSourceFile(s.file);
    if (!source) return [`${s.where}: not loaded`];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
      return `${s.where} (+${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}

describe('TypeScript snippets of README.md and docs/', () => {
  it('finds the snippets', () => {
    expect(snippets.length).toBeGreaterThan(0);
    expect(snippets.some((s) => s.where.startsWith('README.md:'))).toBe(true);
  });

  it('type-check', { timeout: 180_000 }, () => {
    expect(typeErrors()).toEqual([]);
  });

  const run = promisify(execFile);
  for (const snippet of snippets.filter((s) => s.execute)) {
    it(`${snippet.where} runs`, { timeout: 60_000 }, async () => {
      const result = await run(tsx, ['--conditions=source', relative(root, snippet.file)], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
      }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${snippet.where} failed:\n${error.stderr ?? error.message}`);
      });
      expect(result.stderr).toBe('');
    });
  }
});
