/**
 * A migration dry run: read and validate a legacy SQLite + Chroma pair, write nothing, and see
 * what the real migration would do — how many documents move, which rows are rejected and why,
 * and which Chroma records have no SQLite row.
 *
 *   npx tsx --conditions=source examples/migration-dry-run.ts
 *
 * The example generates a legacy pair (the legacy app's `documents` table in a temp SQLite file
 * and its embeddings in a Chroma collection, with a few planted bad rows) on a throwaway local
 * Chroma server, or on `CHROMA_URL` when set. On your own data use the CLI:
 * `synapse migrate --sqlite app.db --chroma-url … --chroma-collection … --dry-run`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChromaServer } from '@synapse-rag/chroma';
import { migrateLegacyData } from '@synapse-rag/migration';
import { createLegacyFixture } from '../packages/migration/test/legacy-fixture.js';

const dir = await mkdtemp(join(tmpdir(), 'synapse-dry-run-'));
const server = process.env['CHROMA_URL'] ? undefined : await startChromaServer({ path: join(dir, 'chroma') });
const chromaUrl = process.env['CHROMA_URL'] ?? (server?.url as string);
try {
  const legacy = await createLegacyFixture({
    sqlitePath: join(dir, 'legacy.db'),
    chromaUrl,
    collection: `dry-run-${process.pid}`,
    count: 500,
    dimension: 64,
    planted: { invalidJson: ['doc-000007'], missingEmbedding: ['doc-no-embedding'], orphans: ['chroma-only-1', 'chroma-only-2'] },
  });
  console.log(`Legacy pair: ${legacy.sqlitePath} + Chroma collection "${legacy.collection}" at ${chromaUrl}`);

  const report = await migrateLegacyData(
    { sqlitePath: legacy.sqlitePath, chromaUrl, chromaCollection: legacy.collection, batchSize: 200, dryRun: true },
    { onBatch: (p) => console.log(`  batch ${p.batch}: ${p.done}/${p.total} rows read, ${p.rejected} rejected so far`) },
  );
  console.log(`\nDry run (nothing written): would migrate ${report.migrated} documents of dimension ${report.dimension}.`);
  console.log(`Rejected ${report.rejected.length}:`);
  for (const r of report.rejected) console.log(`  ${r.id}: ${r.reason}`);
  console.log(`Orphans (in Chroma, not in SQLite) ${report.orphans.length}: ${report.orphans.join(', ')}`);
} finally {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
}
