/**
 * Small `writeDocuments` calls on PGlite (in process): the store's default for calls under
 * `copyThreshold` (multi-row INSERT) against the same calls forced to COPY (`bulkMode: 'copy'`,
 * `COPY … FROM '/dev/blob'`), interleaved call by call — the PGlite half of the question whether
 * `copyThreshold` should be lower (`npm run bench:writes -- --pglite-small 10,100`).
 */
import { loadavg } from 'node:os';
import { createPglite, PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { log, writeInterleaved } from './bench-utils.js';
import { makeDataset } from './clustered-dataset.js';

/** docs/s of both paths for one dimension and call size. */
export interface PgliteSmallResult {
  dim: number;
  batch: number;
  insertDocsPerSec: number;
  copyDocsPerSec: number;
  load: [number, number];
}

export async function measurePgliteSmall(dims: number[], docsPerRun: number, sizes: number[]): Promise<PgliteSmallResult[]> {
  const db = await createPglite();
  const out: PgliteSmallResult[] = [];
  try {
    for (const dim of dims) {
      const { docs } = makeDataset(docsPerRun, dim, 1);
      for (const size of sizes) {
        const make = (tableName: string, bulkMode: 'auto' | 'copy') =>
          new PgvectorDocumentStore({
            pglite: db,
            tableName,
            embeddingDimension: dim,
            deferIndexes: true,
            recreateTable: true,
            bulkMode,
          });
        const insert = make('w_pglite_insert', 'auto');
        const copy = make('w_pglite_copy', 'copy');
        await insert.initialize();
        await copy.initialize();
        const batches: (typeof docs)[] = [];
        for (let i = 0; i < docs.length; i += size) batches.push(docs.slice(i, i + size));
        const before = loadavg()[0] ?? 0;
        const rates = await writeInterleaved(batches, {
          insert: (b: readonly (typeof docs)[number][]) => insert.writeDocuments(b),
          copy: (b: readonly (typeof docs)[number][]) => copy.writeDocuments(b),
        });
        const result = {
          dim,
          batch: size,
          insertDocsPerSec: rates.insert,
          copyDocsPerSec: rates.copy,
          load: [before, loadavg()[0] ?? 0] as [number, number],
        };
        out.push(result);
        log(`PGlite ${dim}-d, ${size} per call: INSERT ${Math.round(rates.insert)}, COPY ${Math.round(rates.copy)} docs/s`);
        await insert.dropTable();
        await copy.dropTable();
      }
    }
  } finally {
    await db.close();
  }
  return out;
}
