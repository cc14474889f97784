/**
 * Runs docs/writing-components.md: its `ts` code blocks, in order, as one module (so the page
 * cannot rot), and type-checks that module with the repository's compiler settings. The blocks'
 * own `describe` / `it` calls become this file's tests; a block that throws fails the
 * collection of this file.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '../../../docs/writing-components.md'), 'utf8');

/** The `ts` fenced blocks of a Markdown text, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

const blocks = tsBlocks(doc);
const root = join(here, '../../..');

/** Type errors in `file` under the repository's tsconfig.json (only that file's own errors). */
function typeErrors(file: string): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([file], { ...options, noEmit: true });
  const source = program.getSourceFile(file);
  if (!source) return [`${file} was not loaded`];
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const { line } = d.start === undefined ? { line: -1 } : source.getLineAndCharacterOfPosition(d.start);
    return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('docs/writing-components.md', () => {
  it('has code blocks to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks.join('\n')).toContain('defineComponent({');
  });

  it('type-checks', { timeout: 120_000 }, () => {
    expect(typeErrors(file)).toEqual([]);
  });
});

// Under packages/core/.tmp (git-ignored, outside the type-checked folders) so that
// '@synapse-rag/core', 'zod' and 'vitest' resolve as they do for the package's own tests.
const dir = join(here, '../.tmp');
mkdirSync(dir, { recursive: true });
const file = join(dir, `writing-components.${process.pid}.ts`);
writeFileSync(file, blocks.join('\n'));
afterAll(() => rmSync(file, { force: true }));
await import(pathToFileURL(file).href);
