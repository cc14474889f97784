import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { addStoreOptions, resolveStoreSettings, type StoreFlags } from './store-options.js';

/** Parses `args` with a throwaway command carrying the store options. */
function flagsOf(args: string[]): StoreFlags {
  const cmd = addStoreOptions(new Command('t').exitOverride()).action(() => {});
  cmd.parse(args, { from: 'user' });
  return cmd.opts<StoreFlags>();
}

describe('store options', () => {
  it('default to PGlite in .synapse/, table documents, no Chroma, --store not given', () => {
    expect(resolveStoreSettings(flagsOf([]), {})).toEqual({ pgvector: { pgliteDir: '.synapse/', table: 'documents' } });
  });

  it('take DATABASE_URL and CHROMA_URL from the environment; flags win over them', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/x', CHROMA_URL: 'http://chroma:8000/' };
    expect(resolveStoreSettings(flagsOf(['--chroma-collection', 'kb-docs']), env)).toEqual({
      pgvector: { databaseUrl: 'postgres://u:p@db:5432/x', pgliteDir: '.synapse/', table: 'documents' },
      chroma: { url: 'http://chroma:8000', collection: 'kb-docs' },
    });
    const flags = flagsOf([
      '--database-url',
      'postgresql://me@h/db',
      '--chroma-url',
      'http://127.0.0.1:9000',
      '--table',
      'rag.docs',
    ]);
    expect(resolveStoreSettings(flags, env)).toMatchObject({
      pgvector: { databaseUrl: 'postgresql://me@h/db', table: 'rag.docs' },
      chroma: { url: 'http://127.0.0.1:9000', collection: 'synapse' },
    });
  });

  it('--pglite-dir wins over DATABASE_URL from the environment, but not with --database-url', () => {
    const env = { DATABASE_URL: 'postgres://h/db' };
    expect(resolveStoreSettings(flagsOf(['--pglite-dir', '/tmp/x']), env)).toEqual({
      pgvector: { pgliteDir: '/tmp/x', table: 'documents' },
    });
    expect(() => resolveStoreSettings(flagsOf(['--pglite-dir', '/tmp/x', '--database-url', 'postgres://h/db']), {})).toThrow(
      /only one of --database-url and --pglite-dir/,
    );
  });

  it('name the bad option in a UsageError', () => {
    const bad =
      (args: string[], env = {}) =>
      () =>
        resolveStoreSettings(flagsOf(args), env);
    expect(bad(['--store', 'chroma'])).toThrow(UsageError);
    expect(bad(['--store', 'chroma'])).toThrow(/--store chroma needs a Chroma server: give --chroma-url or set CHROMA_URL/);
    expect(bad(['--table', 'a;drop'])).toThrow(/--table must be an identifier/);
    expect(bad(['--database-url', 'mysql://x'])).toThrow(/--database-url must start with postgres:\/\//);
    expect(bad([], { DATABASE_URL: 'nope' })).toThrow(/DATABASE_URL must start with postgres/);
    expect(bad(['--chroma-url', 'ftp://x'])).toThrow(/--chroma-url/);
    expect(() => flagsOf(['--store', 'mongo'])).toThrow(/Allowed choices are pgvector, chroma/);
  });

  it('keep --store when given', () => {
    expect(resolveStoreSettings(flagsOf(['--store', 'chroma', '--chroma-url', 'http://c:1']), {})).toMatchObject({
      store: 'chroma',
      chroma: { url: 'http://c:1' },
    });
  });
});
