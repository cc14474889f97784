import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPglite } from '@synapse-rag/pgvector';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLegacyFixture, type LegacyFixture, legacyId } from '../../migration/test/legacy-fixture.js';
import { runCli } from '../test/run-cli.js';

const chromaUrl = inject('migrationChromaUrl');

describe('synapse migrate / verify with --pglite-dir (embedded target)', () => {
  let dir: string;
  let fixture: LegacyFixture;
  const args = () => [
    '--sqlite',
    fixture.sqlitePath,
    '--chroma-url',
    chromaUrl,
    '--chroma-collection',
    fixture.collection,
    '--pglite-dir',
    join(dir, 'pglite'),
    '--table',
    'docs',
    '--batch-size',
    '200',
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-cli-pglite-'));
    fixture = await createLegacyFixture({
      sqlitePath: join(dir, 'legacy.db'),
      chromaUrl,
      collection: `pglite-${process.pid}-${Date.now()}`,
      count: 600,
      dimension: 32,
      planted: { missingEmbedding: ['zz-missing'] },
    });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('migrates, verifies (rejects are not mismatches), and names an altered row', async () => {
    const res = await runCli(['migrate', ...args(), '--report', join(dir, 'report.json')]);
    expect(res.code, res.stderr).toBe(3);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ migrated: 600, rejected: [{ id: 'zz-missing' }], orphans: [] });

    const ok = await runCli(['verify', ...args()]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/600 equal, 1 rejected by the migration, 0 missing or different, 0 extra/);

    const db = await createPglite(join(dir, 'pglite'));
    try {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM docs');
      expect(rows[0]?.n).toBe(600);
      await db.query(`UPDATE docs SET meta = meta - 'title' WHERE id = $1`, [legacyId(123)]);
    } finally {
      await db.close();
    }
    const bad = await runCli(['verify', ...args()]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain(`${legacyId(123)}: meta: title`);
  });
});
