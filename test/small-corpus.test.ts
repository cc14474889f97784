import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

async function quickstart(...args: string[]): Promise<string> {
  const { stdout } = await run(tsx, ['--conditions=source', 'examples/small-corpus.ts', ...args], {
    cwd: root,
    timeout: 240_000,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return stdout;
}

describe('examples/small-corpus.ts (the library API over the sample corpus)', () => {
  it('answers from the right document on the embedded default, offline', async () => {
    const out = await quickstart('Who discovered penicillin?');
    expect(out).toMatch(/Answer \(extractive[^\n]*\n\s+Penicillin[^\n]*Alexander Fleming[^\n]*\[1\]/);
    expect(out).toMatch(/Indexed 24 documents \(24 new\)/);
    // The source is printed readably (the corpus has no titles: the document's first words).
    expect(out).toMatch(/Sources:\n\s+\[1\] "Penicillin, the first widely used antibiotic, was discovered…"/);
  }, 240_000);

  it('says when the documents do not answer the question', async () => {
    const out = await quickstart('What is the capital of Japan?');
    const answer = out.split('Retrieved')[0] ?? '';
    expect(answer).toMatch(/Answer \(extractive[^\n]*\n\s+No answer found in the 4 retrieved documents: [^\n]*"Japan"/);
    expect(answer).not.toMatch(/Berlin|Paris|Sources:/);
    expect(out.split('Retrieved')[1]).toMatch(/capital of Germany/);
  }, 240_000);

  it('applies metadata filters given on the command line', async () => {
    const out = await quickstart('--filter', 'topic=astronomy', 'What is the capital of France?');
    const retrieved = out.split('Retrieved')[1] ?? '';
    expect(retrieved).not.toMatch(/Paris/);
    expect(retrieved).toMatch(/Moon|Mars|Jupiter/);
  }, 240_000);
});
