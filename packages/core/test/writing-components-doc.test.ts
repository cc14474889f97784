/**
 * Runs docs/writing-components.md: its `ts` code blocks, in order, as one module (so the page
 * cannot rot). The blocks' own `describe` / `it` calls become this file's tests; a block that
 * throws fails the collection of this file.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '../../../docs/writing-components.md'), 'utf8');

/** The `ts` fenced blocks of a Markdown text, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

const blocks = tsBlocks(doc);

describe('docs/writing-components.md', () => {
  it('has code blocks to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks.join('\n')).toContain('defineComponent({');
  });
});

// Under packages/core/.tmp (git-ignored, outside the type-checked folders) so that
// '@synapse-rag/core', 'zod' and 'vitest' resolve as they do for the package's own tests.
const dir = join(here, '../.tmp');
mkdirSync(dir, { recursive: true });
const file = join(dir, `writing-components.${process.pid}.ts`);
writeFileSync(file, blocks.join('\n'));
try {
  await import(pathToFileURL(file).href);
} finally {
  rmSync(file, { force: true });
}
