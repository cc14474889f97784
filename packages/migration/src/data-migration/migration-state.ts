import { qualifiedName, type SqlExecutor } from '@synapse-rag/pgvector';
import type { Reject } from './legacy-document.js';

/** Progress of one migration (one fingerprint), as committed in the target. */
export interface MigrationCheckpoint {
  fingerprint: string;
  /** Key of the last source row handled (migrated or rejected); null before the first batch. */
  lastId: string | null;
  migrated: number;
  rejected: number;
  /** Rows whose id already existed in the target (kept or overwritten per the conflict policy). */
  existing: number;
  /** `loading` → `loaded` (all rows handled, orphans recorded) → `done` (indexes built). */
  status: 'loading' | 'loaded' | 'done';
  orphans: string[];
}

/**
 * The checkpoint tables in the target, next to the documents: `synapse_migration_state` (one row
 * per fingerprint) and `synapse_migration_rejects`. Each batch updates them in the transaction
 * that writes its documents, so the checkpoint can never say more or less than what is committed.
 */
export class MigrationState {
  readonly stateTable: string;
  readonly rejectsTable: string;

  constructor(schema: string) {
    this.stateTable = qualifiedName(schema, 'synapse_migration_state');
    this.rejectsTable = qualifiedName(schema, 'synapse_migration_rejects');
  }

  async ensure(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS ${this.stateTable} (
  fingerprint text PRIMARY KEY,
  identity jsonb NOT NULL,
  last_id text,
  migrated bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  existing bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'loading',
  orphans jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${this.rejectsTable} (
  fingerprint text NOT NULL,
  id text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (fingerprint, id)
)`);
  }

  /** The checkpoint of `fingerprint`, created empty if missing. `lock`: FOR UPDATE (inside a transaction). */
  async load(db: SqlExecutor, fingerprint: string, identity: unknown, lock = false): Promise<MigrationCheckpoint> {
    await db.query(
      `INSERT INTO ${this.stateTable} (fingerprint, identity) VALUES ($1::text, $2::text::jsonb) ON CONFLICT (fingerprint) DO NOTHING`,
      [fingerprint, JSON.stringify(identity)],
    );
    const { rows } = await db.query<{
      last_id: string | null;
      migrated: string;
      rejected: string;
      existing: string;
      status: MigrationCheckpoint['status'];
      orphans: string[] | string;
    }>(
      `SELECT last_id, migrated::text, rejected::text, existing::text, status, orphans FROM ${this.stateTable} WHERE fingerprint = $1::text${lock ? ' FOR UPDATE' : ''}`,
      [fingerprint],
    );
    const r = rows[0];
    if (!r) throw new Error(`checkpoint row ${fingerprint} vanished`);
    return {
      fingerprint,
      lastId: r.last_id,
      migrated: Number(r.migrated),
      rejected: Number(r.rejected),
      existing: Number(r.existing),
      status: r.status,
      orphans: typeof r.orphans === 'string' ? (JSON.parse(r.orphans) as string[]) : r.orphans,
    };
  }

  /** Advances the checkpoint past a batch and records its rejects (same transaction as the batch). */
  async advance(
    tx: SqlExecutor,
    fingerprint: string,
    batch: { lastId: string; migrated: number; existing: number; rejects: readonly Reject[] },
  ): Promise<void> {
    if (batch.rejects.length > 0) {
      await tx.query(
        `INSERT INTO ${this.rejectsTable} (fingerprint, id, reason)
         SELECT $1::text, r->>'id', r->>'reason' FROM jsonb_array_elements($2::text::jsonb) AS r
         ON CONFLICT (fingerprint, id) DO UPDATE SET reason = EXCLUDED.reason`,
        [fingerprint, JSON.stringify(batch.rejects)],
      );
    }
    await tx.query(
      `UPDATE ${this.stateTable} SET last_id = $2::text, migrated = migrated + $3::bigint, rejected = rejected + $4::bigint,
         existing = existing + $5::bigint, updated_at = now() WHERE fingerprint = $1::text`,
      [fingerprint, batch.lastId, String(batch.migrated), String(batch.rejects.length), String(batch.existing)],
    );
  }

  async setStatus(
    db: SqlExecutor,
    fingerprint: string,
    status: MigrationCheckpoint['status'],
    orphans?: readonly string[],
  ): Promise<void> {
    await db.query(
      `UPDATE ${this.stateTable} SET status = $2::text, orphans = COALESCE($3::text::jsonb, orphans), updated_at = now() WHERE fingerprint = $1::text`,
      [fingerprint, status, orphans === undefined ? null : JSON.stringify(orphans)],
    );
  }

  /** Every reject recorded for `fingerprint`, by id. */
  async rejects(db: SqlExecutor, fingerprint: string): Promise<Reject[]> {
    const { rows } = await db.query<Reject>(
      `SELECT id, reason FROM ${this.rejectsTable} WHERE fingerprint = $1::text ORDER BY id`,
      [fingerprint],
    );
    return rows;
  }
}
