import { resolve } from 'node:path';
import type { Document } from '@synapse-rag/core';
import { InvalidOptionsError } from '@synapse-rag/core';
import { ChromaEmbeddings } from './chroma-embeddings.js';
import { buildIndexes, type IndexProgress } from './index-build.js';
import { convertLegacyRow, type Reject } from './legacy-document.js';
import { migrationFingerprint } from './legacy-mapping.js';
import { type MigrationOptions, type MigrationOptionsInput, parseMigrationOptions } from './migration-options.js';
import { MigrationState } from './migration-state.js';
import { openTarget } from './migration-target.js';
import { SqliteSource } from './sqlite-source.js';
import { writeBatch } from './write-batch.js';

/** Progress after each committed batch. */
export interface BatchProgress {
  batch: number;
  /** Rows of this batch written / rejected. */
  batchMigrated: number;
  batchRejected: number;
  /** Totals over the whole migration (including earlier runs of the same fingerprint). */
  migrated: number;
  rejected: number;
  /** Source rows handled in this run, and how many the run started with. */
  done: number;
  total: number;
  lastId: string;
  docsPerSecond: number;
  elapsedMs: number;
}

/** Result of a migration (the `--report` JSON). */
export interface MigrationReport {
  /** Documents written by the migration (all runs of this fingerprint). */
  migrated: number;
  rejected: Reject[];
  /** Ids in Chroma with no SQLite row. */
  orphans: string[];
  /** Migrated ids that already existed in the target (handled per `onConflict`). */
  existing: number;
  fingerprint: string;
  dimension: number;
  dryRun: boolean;
  /** The run continued a checkpoint left by an earlier, interrupted run. */
  resumed: boolean;
  /** The migration had already finished; nothing was read or written. */
  alreadyDone: boolean;
}

/** Callbacks for progress display. */
export interface MigrationEvents {
  onStart?(info: { fingerprint: string; total: number; resumedFrom: string | null; dimension: number }): void;
  onBatch?(progress: BatchProgress): void;
  onIndexProgress?(progress: IndexProgress): void;
}

interface PreparedBatch {
  documents: Document[];
  rejects: Reject[];
  lastId: string;
}

/** Resolves the embedding dimension: given, or the most common among the first Chroma records. */
async function resolveDimension(options: MigrationOptions, chroma: ChromaEmbeddings): Promise<number> {
  if (options.dimension !== undefined) return options.dimension;
  const sampled = await chroma.sampleDimension();
  if (sampled === undefined) {
    throw new InvalidOptionsError(
      'migrateLegacyData',
      `the Chroma collection "${options.chromaCollection}" is empty; pass the dimension explicitly.`,
    );
  }
  return sampled;
}

/** Ids in Chroma that have no row in SQLite, collected page by page. */
export async function findOrphans(chroma: ChromaEmbeddings, source: SqliteSource): Promise<string[]> {
  const orphans: string[] = [];
  for await (const ids of chroma.ids()) {
    const known = source.existing(ids);
    for (const id of ids) if (!known.has(id)) orphans.push(id);
  }
  return orphans.sort();
}

/**
 * Copies the legacy SQLite + Chroma corpus into a pgvector table, exactly once under crashes:
 *
 * - reads SQLite by primary key with keyset pagination, and each page's embeddings from Chroma by
 *   id (the next page is prepared while the current one is written);
 * - writes each batch and advances its checkpoint (a row keyed by the migration's fingerprint in
 *   `synapse_migration_state`, in the target) in ONE transaction, so a rerun after a crash or
 *   kill -9 resumes after the last committed batch and a rerun after success does nothing;
 * - rejects (missing / wrong-dimension embedding, invalid metadata JSON, failed validation) are
 *   recorded with their reason in the same transaction, never written;
 * - after the load, records the orphans (Chroma ids with no SQLite row) and builds the deferred
 *   indexes (HNSW, full text, meta) with progress.
 */
export async function migrateLegacyData(input: MigrationOptionsInput, events: MigrationEvents = {}): Promise<MigrationReport> {
  const options = parseMigrationOptions(input);
  const sqlitePath = resolve(options.sqlitePath);
  const source = new SqliteSource(sqlitePath, options.mapping);
  const chroma = new ChromaEmbeddings(options.chromaUrl, options.chromaCollection);
  try {
    const dimension = await resolveDimension(options, chroma);
    const prepare = async (afterId: string | undefined): Promise<PreparedBatch | undefined> => {
      const rows = source.readPage(afterId, options.batchSize);
      const last = rows[rows.length - 1];
      if (!last) return undefined;
      const embeddings = await chroma.embeddings(rows.map((r) => r.id));
      const documents: Document[] = [];
      const rejects: Reject[] = [];
      for (const row of rows) {
        const c = convertLegacyRow(row, embeddings.get(row.id), dimension);
        if (c.ok) documents.push(c.document);
        else rejects.push(c.reject);
      }
      return { documents, rejects, lastId: last.id };
    };

    if (options.dryRun || !options.target) {
      return await dryRun(source, chroma, dimension, prepare, events);
    }
    const targetSpec = options.target;
    const identity = {
      sqlitePath,
      chromaUrl: options.chromaUrl,
      chromaCollection: options.chromaCollection,
      mapping: options.mapping,
      targetTable: `${targetSpec.schema}.${targetSpec.table}`,
      dimension,
    };
    const fingerprint = migrationFingerprint(identity);
    const target = await openTarget(targetSpec, dimension);
    try {
      const { store, client } = target;
      await store.initialize();
      const state = new MigrationState(targetSpec.schema);
      await state.ensure(client);
      const start = await state.load(client, fingerprint, identity);
      const report = (checkpoint: typeof start, rejected: Reject[], alreadyDone: boolean): MigrationReport => ({
        migrated: checkpoint.migrated,
        rejected,
        orphans: checkpoint.orphans,
        existing: checkpoint.existing,
        fingerprint,
        dimension,
        dryRun: false,
        resumed: start.lastId !== null && !alreadyDone,
        alreadyDone,
      });
      if (start.status === 'done') return report(start, await state.rejects(client, fingerprint), true);

      if (start.status === 'loading') {
        const total = source.count(start.lastId ?? undefined);
        events.onStart?.({ fingerprint, total, resumedFrom: start.lastId, dimension });
        const caps = await client.capabilities();
        const table = { table: store.qualifiedTableName, vectorType: store.vectorType, dimension, binaryCopy: caps.binaryCopy };
        const began = Date.now();
        let expectedLastId = start.lastId;
        let migrated = start.migrated;
        let rejected = start.rejected;
        let done = 0;
        let batchNo = 0;
        let pending = prepare(start.lastId ?? undefined);
        for (;;) {
          const batch = await pending;
          if (!batch) break;
          pending = prepare(batch.lastId);
          pending.catch(() => {});
          await client.transaction(async (tx) => {
            const now = await state.load(tx, fingerprint, identity, true);
            if (now.lastId !== expectedLastId) {
              throw new InvalidOptionsError(
                'migrateLegacyData',
                `another run of this migration (${fingerprint}) moved its checkpoint to ${JSON.stringify(now.lastId)}; run one at a time.`,
              );
            }
            const { existing } = await writeBatch(tx, table, batch.documents, options.onConflict);
            await state.advance(tx, fingerprint, {
              lastId: batch.lastId,
              migrated: batch.documents.length,
              existing,
              rejects: batch.rejects,
            });
          });
          expectedLastId = batch.lastId;
          migrated += batch.documents.length;
          rejected += batch.rejects.length;
          done += batch.documents.length + batch.rejects.length;
          batchNo += 1;
          const elapsedMs = Date.now() - began;
          events.onBatch?.({
            batch: batchNo,
            batchMigrated: batch.documents.length,
            batchRejected: batch.rejects.length,
            migrated,
            rejected,
            done,
            total,
            lastId: batch.lastId,
            docsPerSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
            elapsedMs,
          });
        }
        await state.setStatus(client, fingerprint, 'loaded', await findOrphans(chroma, source));
      }
      await buildIndexes(store, client, events.onIndexProgress);
      await state.setStatus(client, fingerprint, 'done');
      return report(await state.load(client, fingerprint, identity), await state.rejects(client, fingerprint), false);
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

async function dryRun(
  source: SqliteSource,
  chroma: ChromaEmbeddings,
  dimension: number,
  prepare: (afterId: string | undefined) => Promise<PreparedBatch | undefined>,
  events: MigrationEvents,
): Promise<MigrationReport> {
  const total = source.count();
  events.onStart?.({ fingerprint: '', total, resumedFrom: null, dimension });
  const rejected: Reject[] = [];
  const began = Date.now();
  let migrated = 0;
  let batchNo = 0;
  let pending = prepare(undefined);
  for (;;) {
    const batch = await pending;
    if (!batch) break;
    pending = prepare(batch.lastId);
    migrated += batch.documents.length;
    rejected.push(...batch.rejects);
    batchNo += 1;
    const elapsedMs = Date.now() - began;
    const done = migrated + rejected.length;
    events.onBatch?.({
      batch: batchNo,
      batchMigrated: batch.documents.length,
      batchRejected: batch.rejects.length,
      migrated,
      rejected: rejected.length,
      done,
      total,
      lastId: batch.lastId,
      docsPerSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
      elapsedMs,
    });
  }
  return {
    migrated,
    rejected,
    orphans: await findOrphans(chroma, source),
    existing: 0,
    fingerprint: '',
    dimension,
    dryRun: true,
    resumed: false,
    alreadyDone: false,
  };
}
