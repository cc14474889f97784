import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { legacyId } from '../../migration/test/legacy-fixture.js';
import { useLegacySetup } from '../test/legacy-setup.js';
import { runCli } from '../test/run-cli.js';

const pgUrl = inject('migrationPgUrl');
const chromaUrl = inject('migrationChromaUrl');

const planted = {
  missingEmbedding: ['zz-missing-1', 'zz-missing-2'],
  invalidJson: [legacyId(3)],
  nonObjectJson: [legacyId(7)],
  nulContent: [legacyId(11)],
  orphans: ['orphan-in-chroma'],
};

describe.skipIf(!pgUrl)('synapse migrate: planted bad rows (PostgreSQL server)', () => {
  const t = useLegacySetup('planted', { pgUrl, chromaUrl }, { count: 300, dimension: 16, planted });
  const args = () => [...t.args(), '--batch-size', '100'];

  it('dry run validates everything and writes nothing', async () => {
    const res = await runCli(['migrate', ...args(), '--dry-run', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(3);
    const done = JSON.parse(res.stdout.trim().split('\n').at(-1) as string);
    expect(done).toMatchObject({ event: 'done', dryRun: true, migrated: 297, rejected: 5, orphans: 1 });
    const { rows } = await t.pool.query('SELECT to_regclass($1) AS t', [`${t.schema}.docs`]);
    expect(rows[0].t).toBeNull();
  });

  it('reports every planted row with its reason, exits 3, and a rerun is a no-op', async () => {
    const report = join(t.dir, 'report.json');
    const res = await runCli(['migrate', ...args(), '--report', report, '--json']);
    expect(res.code, res.stderr).toBe(3);
    const lines = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === 'batch').length).toBe(4);
    expect(lines.some((l) => l.event === 'index' && l.kind === 'done')).toBe(true);
    const r = JSON.parse(await readFile(report, 'utf8'));
    expect(r.migrated).toBe(297);
    expect(r.orphans).toEqual(['orphan-in-chroma']);
    const reasons = Object.fromEntries(r.rejected.map((x: { id: string; reason: string }) => [x.id, x.reason]));
    expect(Object.keys(reasons).sort()).toEqual([legacyId(11), legacyId(3), legacyId(7), 'zz-missing-1', 'zz-missing-2'].sort());
    expect(reasons['zz-missing-1']).toMatch(/missing embedding/);
    expect(reasons[legacyId(3)]).toMatch(/invalid metadata JSON/);
    expect(reasons[legacyId(7)]).toMatch(/not an object/);
    expect(reasons[legacyId(11)]).toMatch(/failed validation.*NUL/);

    const { rows } = await t.pool.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM ${t.schema}.docs`);
    expect(rows[0]).toEqual({ n: 297, d: 297 });
    const one = await t.pool.query(`SELECT content, meta FROM ${t.schema}.docs WHERE id = $1`, [legacyId(5)]);
    expect(one.rows[0].content).toBe('Processed text of document 5 about topic 5.');
    expect(one.rows[0].meta).toMatchObject({
      title: 'Title 5',
      doc_type: 'note',
      tags: ['t5'],
      nested: { n: 5 },
      original_content: 'Original text 5',
    });
    const idx = await t.pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [t.schema]);
    expect(idx.rows.map((x) => x.indexname)).toEqual(
      expect.arrayContaining(['docs_embedding_hnsw', 'docs_keyword_idx', 'docs_meta_idx']),
    );

    const again = await runCli(['migrate', ...args(), '--report', report]);
    expect(again.code).toBe(3);
    expect(again.stdout).toMatch(/already migrated \(297 documents, 5 rejected\)/);
  });

  it("a target dimension other than Chroma's rejects rows as wrong dimension", async () => {
    const res = await runCli(['migrate', ...args(), '--dry-run', '--dimension', '15', '--report', join(t.dir, 'dim.json')]);
    expect(res.code).toBe(3);
    const r = JSON.parse(await readFile(join(t.dir, 'dim.json'), 'utf8'));
    expect(r.migrated).toBe(0);
    expect(r.rejected.find((x: { id: string }) => x.id === legacyId(0)).reason).toBe(
      'wrong embedding dimension: 16, expected 15',
    );
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['migrate', '--sqlite', 'x.db'])).code).toBe(2);
    expect((await runCli(['migrate', ...args().slice(0, 6)])).code).toBe(2);
    expect((await runCli(['migrate', ...args(), '--on-conflict', 'maybe'])).code).toBe(2);
  });
});
