import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { legacyId } from '../../migration/test/legacy-fixture.js';
import { useLegacySetup } from '../test/legacy-setup.js';
import { runCli, runCliKilled } from '../test/run-cli.js';

const pgUrl = inject('migrationPgUrl');
const chromaUrl = inject('migrationChromaUrl');
const COUNT = 10_000;
const DIM = 1024;

describe.skipIf(!pgUrl)('synapse migrate survives kill -9 (10k × 1024-d, PostgreSQL server)', () => {
  const t = useLegacySetup('crash', { pgUrl, chromaUrl }, { count: COUNT, dimension: DIM });
  const args = () => t.args();

  it('killed at 5 random points and rerun until done: exactly 10k rows, verify exits 0; then an altered and a deleted row make verify exit 3 naming them', async () => {
    const kills: Array<{ afterBatches: number; extraMs: number; committedAfter: number }> = [];
    let finished = false;
    for (let run = 0; run < 20 && !finished; run++) {
      if (kills.length < 5) {
        const afterBatches = 1 + Math.floor(Math.random() * 4);
        const extraMs = Math.floor(Math.random() * 400);
        const res = await runCliKilled(['migrate', ...args(), '--batch-size', '250', '--json'], afterBatches, extraMs);
        if (!res.killed) {
          expect(res.code, res.stderr).toBe(0);
          finished = true;
        }
        const state = await t.pool
          .query(`SELECT migrated::int AS n FROM ${t.schema}.synapse_migration_state`)
          .catch(() => ({ rows: [] }));
        const committedAfter = (state.rows[0] as { n: number } | undefined)?.n ?? 0;
        const rows = await t.pool.query(`SELECT count(*)::int AS n FROM ${t.schema}.docs`).catch(() => ({ rows: [{ n: 0 }] }));
        // the documents and the checkpoint always agree: nothing committed without its checkpoint
        expect(rows.rows[0]?.n).toBe(committedAfter);
        if (res.killed) kills.push({ afterBatches, extraMs, committedAfter });
      } else {
        const res = await runCli(['migrate', ...args(), '--batch-size', '250', '--json', '--report', join(t.dir, 'report.json')]);
        expect(res.code, res.stderr).toBe(0);
        finished = true;
      }
    }
    console.log('SIGKILL points (batches seen + ms, rows committed):', JSON.stringify(kills));
    expect(kills.length).toBeGreaterThanOrEqual(5);
    expect(new Set(kills.map((k) => k.committedAfter)).size).toBeGreaterThan(1);
    const report = JSON.parse(await readFile(join(t.dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ migrated: COUNT, rejected: [], orphans: [], existing: 0, resumed: true });

    const { rows } = await t.pool.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM ${t.schema}.docs`);
    expect(rows[0]).toEqual({ n: COUNT, d: COUNT });

    const again = await runCli(['migrate', ...args(), '--json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('"alreadyDone":true');

    const ok = await runCli(['verify', ...args(), '--report', join(t.dir, 'verify.json')]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const v = JSON.parse(await readFile(join(t.dir, 'verify.json'), 'utf8'));
    expect(v).toMatchObject({ ok: true, checked: COUNT, matched: COUNT, mismatches: [], extra: [] });
    console.log(`verify: ${v.docsPerSecond} docs/s`);

    await t.pool.query(`UPDATE ${t.schema}.docs SET content = content || '!' WHERE id = $1`, [legacyId(4242)]);
    await t.pool.query(
      `UPDATE ${t.schema}.docs SET embedding = embedding + (array_fill(0, ARRAY[${DIM - 1}]) || ARRAY[0.01::real])::vector WHERE id = $1`,
      [legacyId(77)],
    );
    await t.pool.query(`UPDATE ${t.schema}.docs SET meta = meta || '{"title":"changed"}' WHERE id = $1`, [legacyId(9000)]);
    await t.pool.query(`DELETE FROM ${t.schema}.docs WHERE id = $1`, [legacyId(5)]);
    await t.pool.query(`INSERT INTO ${t.schema}.docs (id, content) VALUES ('not-in-source', 'x')`);
    const bad = await runCli(['verify', ...args()]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain(`${legacyId(4242)}: content: sha256`);
    expect(bad.stdout).toContain(`${legacyId(77)}: embedding: component ${DIM - 1} differs`);
    expect(bad.stdout).toContain(`${legacyId(9000)}: meta: title`);
    expect(bad.stdout).toContain(`${legacyId(5)}: missing`);
    expect(bad.stdout).toContain('not-in-source: extra');
    expect(bad.stdout).toMatch(/9996 equal, 0 rejected by the migration, 4 missing or different, 1 extra/);
  });
});
