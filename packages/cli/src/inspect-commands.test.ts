import { useTempDir } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

// `synapse flags`, `config` and `doctor` spawned as processes, as a user runs them.
describe('synapse flags / config / doctor (process)', () => {
  const tempPath = useTempDir('synapse-inspect-', 'all');

  it('flags prints the effective flags with where each value came from', async () => {
    const res = await runCli(['flags'], { FF_PGVECTOR_READ_PERCENTAGE: '25', FF_USE_PGVECTOR: 'true' });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/FF_PGVECTOR_READ_PERCENTAGE\s+25/);
    expect(res.stdout).toMatch(/FF_USE_PGVECTOR\s+true/);
    expect(res.stdout).toMatch(/FF_ENABLE_DUAL_WRITE\s+false\s+\(default/);
  });

  it('config --json masks the database password', async () => {
    const res = await runCli(['config', '--json'], { DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:5432/db' });
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain('s3cret-pw');
    const config = JSON.parse(res.stdout) as { store: { pgvector: { databaseUrl: string } } };
    expect(config.store.pgvector.databaseUrl).toBe('postgres://app:***@127.0.0.1:5432/db');
  });

  it('doctor checks PGlite, Ollama and the shipped model and says how to fix what is missing', async () => {
    const res = await runCli(['doctor', '--pglite-dir', tempPath('store')], {
      OLLAMA_HOST: 'http://127.0.0.1:9',
      DATABASE_URL: '',
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\[ok {2}\] PGlite/);
    expect(res.stdout).toMatch(/\[warn\] Ollama: no server at http:\/\/127\.0\.0\.1:9/);
    expect(res.stdout).toContain('fix:');
    expect(res.stdout).toMatch(/\[ok {2}\] GloVe model/);
  });

  it('every command has --help', async () => {
    for (const command of ['flags', 'config', 'doctor', 'index', 'ask']) {
      const res = await runCli([command, '--help']);
      expect(res.code, command).toBe(0);
      expect(res.stdout, command).toContain(`Usage: synapse ${command}`);
    }
  });
});
