import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../usage-error.js';

/** Extensions `synapse index` converts (others are skipped when a folder is walked). */
export const INDEXED_EXTENSIONS = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.pdf',
  '.json',
  '.jsonl',
  '.ndjson',
  '.csv',
] as const;

const GLOB_CHARS = /[*?[{]/;

/** A glob (`*`, `**`, `?`, `{a,b}`) as a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((alt) => alt.replace(/[.+^$()|[\]\\]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else re += /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

const toPosix = (p: string) => p.split(sep).join('/');
const hasIndexedExtension = (p: string) => INDEXED_EXTENSIONS.some((ext) => p.toLowerCase().endsWith(ext));

/**
 * The files named by `patterns`, sorted and without duplicates, as absolute paths: a file is
 * taken as is; a folder is walked (hidden entries and node_modules skipped) for the
 * {@link INDEXED_EXTENSIONS}; a glob (`docs/**\/*.md`, `*.{html,txt}`) is matched below its
 * fixed leading folders. A pattern that matches nothing is a {@link UsageError}.
 */
export function expandPaths(patterns: readonly string[], cwd: string = process.cwd()): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const matched: string[] = [];
    if (!GLOB_CHARS.test(pattern)) {
      const full = resolve(cwd, pattern);
      if (!existsSync(full)) throw new UsageError(`no such file or folder: ${pattern}`);
      if (statSync(full).isDirectory()) {
        const files: string[] = [];
        walk(full, files);
        for (const f of files) if (hasIndexedExtension(f)) matched.push(f);
      } else matched.push(full);
    } else {
      const parts = toPosix(pattern).split('/');
      const fixed: string[] = [];
      while (parts.length > 1 && !GLOB_CHARS.test(parts[0] as string)) fixed.push(parts.shift() as string);
      const base = resolve(cwd, fixed.join('/') || '.');
      const re = globToRegExp(parts.join('/'));
      if (existsSync(base) && statSync(base).isDirectory()) {
        const files: string[] = [];
        walk(base, files);
        for (const f of files) if (re.test(toPosix(relative(base, f)))) matched.push(f);
      }
    }
    if (matched.length === 0) throw new UsageError(`nothing to index in ${pattern} (supported: ${INDEXED_EXTENSIONS.join(' ')})`);
    for (const f of matched) found.add(f);
  }
  return [...found].sort();
}

/** How a file is named in meta and citations: relative to `cwd` when inside it, `/`-separated. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? toPosix(file) : toPosix(rel);
}
