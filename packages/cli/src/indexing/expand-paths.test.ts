import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath, expandPaths, globToRegExp } from './expand-paths.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'synapse-expand-'));
  for (const f of ['a.md', 'b.html', 'notes.bin', 'sub/c.txt', 'sub/deep/d.md', '.hidden/e.md', 'node_modules/x/f.md']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rel = (files: string[]) => files.map((f) => displayPath(f, dir));

describe('expandPaths', () => {
  it('walks folders for supported files, skipping hidden entries and node_modules', () => {
    expect(rel(expandPaths(['.'], dir))).toEqual(['a.md', 'b.html', 'sub/c.txt', 'sub/deep/d.md']);
  });

  it('matches globs below their fixed folders, and takes a named file whatever its extension', () => {
    expect(rel(expandPaths(['**/*.md'], dir))).toEqual(['a.md', 'sub/deep/d.md']);
    expect(rel(expandPaths(['sub/*.txt', '*.{html,md}'], dir))).toEqual(['a.md', 'b.html', 'sub/c.txt']);
    expect(rel(expandPaths(['notes.bin', 'a.md', 'a.md'], dir))).toEqual(['a.md', 'notes.bin']);
  });

  it('says which pattern matched nothing', () => {
    expect(() => expandPaths(['missing.md'], dir)).toThrow(/no such file or folder: missing.md/);
    expect(() => expandPaths(['**/*.pdf'], dir)).toThrow(/nothing to index in \*\*\/\*\.pdf/);
  });

  it('globToRegExp: ** spans folders, * and ? do not', () => {
    expect(globToRegExp('**/*.md').test('a/b/c.md')).toBe(true);
    expect(globToRegExp('**/*.md').test('c.md')).toBe(true);
    expect(globToRegExp('*.md').test('a/c.md')).toBe(false);
    expect(globToRegExp('a?.txt').test('ab.txt')).toBe(true);
  });
});
