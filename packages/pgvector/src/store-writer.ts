import type { Document, DuplicatePolicy, ResolvedDuplicatePolicy, WriteOptions } from '@synapse-rag/core';
import { DuplicateDocumentError, dedupeBatch, InvalidOptionsError, resolveDuplicatePolicy } from '@synapse-rag/core';
import { validateDocuments } from './document-validation.js';
import { maxStreams, writeRowsParallel } from './parallel-write.js';
import type { PgvectorStoreOptions } from './pgvector-store-options.js';
import type { ReadRouting } from './read-routing.js';
import type { SqlClient } from './sql-client.js';
import { toStoreError } from './sql-errors.js';
import type { TableLayout } from './table-layout.js';
import { existingIds, writeRows } from './write-rows.js';

/** Options of `PgvectorDocumentStore.bulkWriteDocuments`. */
export interface BulkWriteOptions extends WriteOptions {
  /**
   * Connections to write on at once (capped by the pool's size).
   * @default 2
   */
  streams?: number;
  /**
   * How long a stream that has written its slice waits for the others before every stream rolls
   * back and the call fails with `StoreUnavailableError` (nothing written). The streams wait for
   * each other in this process, so PostgreSQL cannot detect a deadlock with another writer of the
   * same ids (or with one holding the pool's last connection): this bounds it. Raise it for very
   * large calls on a slow server.
   * @default 60000
   */
  barrierTimeoutMs?: number;
}

/** A write call's documents, validated and de-duplicated, with the policy they are written under. */
export interface PreparedWrite {
  rows: Document[];
  policy: ResolvedDuplicatePolicy;
}

/**
 * The pgvector store's write path (the store's `writeDocuments` / `bulkWriteDocuments` document
 * the behaviour): one-transaction writes, parallel bulk loads, and the error of a failed write.
 * Every committed write is reported to the read routing (read-your-writes).
 */
export class StoreWriter {
  /** Bulk writes run one after another (their streams hold pooled connections at a barrier). */
  private bulkQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: SqlClient,
    private readonly layout: TableLayout,
    private readonly options: Readonly<PgvectorStoreOptions>,
    private readonly routing: ReadRouting,
    private readonly owner: string,
  ) {}

  /** Validates `documents` before any I/O and drops in-batch duplicates per core's rules (`dedupeBatch`). */
  prepare(documents: readonly Document[], policyInput: DuplicatePolicy | undefined, method: string): PreparedWrite {
    const policy = resolveDuplicatePolicy(policyInput, `${this.owner}.${method}`);
    validateDocuments(documents, this.options.embeddingDimension, this.layout.vectorType);
    return { rows: dedupeBatch(documents, policy).documents, policy };
  }

  /** One transaction: binary COPY from `copyThreshold` rows (or `bulkMode: "copy"`) where the client has it, else INSERT. */
  async write({ rows, policy }: PreparedWrite): Promise<number> {
    if (rows.length === 0) return 0;
    const caps = await this.capabilities();
    const copy = caps.binaryCopy && (this.options.bulkMode === 'copy' || rows.length >= this.options.copyThreshold);
    const settings = { copy, insertBatchSize: this.options.insertBatchSize };
    try {
      const written = await this.client.transaction((tx) => writeRows(tx, this.layout, rows, policy, settings));
      await this.routing.afterWrite();
      return written;
    } catch (err) {
      throw await this.writeError(err, policy, rows, 'writing documents');
    }
  }

  /** `streams` slices of at least `copyThreshold` rows written at once (`writeRowsParallel`), or {@link write} when one would do. */
  async bulkWrite(prepared: PreparedWrite, streams: number, barrierTimeoutMs: number): Promise<number> {
    const { rows, policy } = prepared;
    const caps = await this.capabilities();
    const n = Math.min(
      streams,
      caps.parallelSessions ? maxStreams(this.client) : 1,
      Math.floor(rows.length / this.options.copyThreshold),
    );
    if (n <= 1) return this.write(prepared);
    const settings = { copy: caps.binaryCopy, insertBatchSize: this.options.insertBatchSize };
    const run = this.bulkQueue.then(async () => {
      try {
        return await writeRowsParallel(this.client, this.layout, rows, policy, settings, n, barrierTimeoutMs);
      } catch (err) {
        throw await this.writeError(err, policy, rows, 'bulk-writing documents');
      } finally {
        await this.routing.afterWrite();
      }
    });
    this.bulkQueue = run.catch(() => undefined);
    return run;
  }

  /** Rejects bulk-write options out of range, before any I/O. */
  checkBulkOptions(streams: number, barrierTimeoutMs: number): void {
    const owner = `${this.owner}.bulkWriteDocuments`;
    if (!Number.isInteger(streams) || streams < 1) {
      throw new InvalidOptionsError(owner, `streams must be a positive integer, got ${streams}.`);
    }
    if (!Number.isFinite(barrierTimeoutMs) || barrierTimeoutMs <= 0) {
      throw new InvalidOptionsError(owner, `barrierTimeoutMs must be a positive number, got ${barrierTimeoutMs}.`);
    }
  }

  private capabilities() {
    return this.client.capabilities().catch((err) => {
      throw toStoreError(err, 'connecting');
    });
  }

  /**
   * Under policy `fail` a primary-key clash becomes a DuplicateDocumentError naming every stored id
   * of the batch (looked up only now: checking first would cost every write a lookup per document).
   */
  private async writeError(err: unknown, policy: string, rows: readonly Document[], what: string): Promise<Error> {
    if (policy === 'fail' && (err as { code?: unknown } | null)?.code === '23505') {
      const existing = await existingIds(this.client, this.layout, rows).catch(() => []);
      if (existing.length > 0) return new DuplicateDocumentError(existing);
    }
    return toStoreError(err, what);
  }
}
