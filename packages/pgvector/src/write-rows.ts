import { randomBytes } from 'node:crypto';
import type { Document, ResolvedDuplicatePolicy } from '@synapse-rag/core';
import { toSql } from 'pgvector';
import { type BinaryColumnType, type BinaryValue, encodeBinaryCopy } from './binary-copy.js';
import { SqlParams } from './filters-to-sql.js';
import { quoteIdentifier } from './identifiers.js';
import type { SqlExecutor } from './sql-client.js';
import type { TableLayout } from './table-layout.js';

const COLUMNS = ['id', 'content', 'meta', 'embedding'];

/** How a batch is written. */
export interface WriteSettings {
  /** Binary COPY (else multi-row INSERT). */
  copy: boolean;
  /** Rows per INSERT statement. */
  insertBatchSize: number;
}

/** The ON CONFLICT clause of a duplicate policy (`fail`: none, the primary key rejects the row). */
export function conflictClause(policy: ResolvedDuplicatePolicy): string {
  if (policy === 'skip') return ' ON CONFLICT (id) DO NOTHING';
  if (policy === 'overwrite') {
    return ' ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content, meta = EXCLUDED.meta, embedding = EXCLUDED.embedding, updated_at = now()';
  }
  return '';
}

/**
 * Writes de-duplicated `rows` in the caller's transaction; returns how many were written
 * (`overwrite`: every row; `skip`: the rows that were new). Policy `fail` relies on the primary key.
 */
export function writeRows(
  tx: SqlExecutor,
  layout: TableLayout,
  rows: readonly Document[],
  policy: ResolvedDuplicatePolicy,
  settings: WriteSettings,
): Promise<number> {
  return settings.copy ? copyRows(tx, layout, rows, policy) : insertRows(tx, layout, rows, policy, settings.insertBatchSize);
}

/** Multi-row INSERT in statements of `batchSize` rows. */
async function insertRows(
  tx: SqlExecutor,
  layout: TableLayout,
  rows: readonly Document[],
  policy: ResolvedDuplicatePolicy,
  batchSize: number,
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params = new SqlParams();
    const values = batch.map(
      (d) =>
        `(${params.add(d.id)}::text, ${params.add(d.content)}::text, ${params.add(JSON.stringify(d.meta ?? {}))}::jsonb, ${params.add(vectorText(d.embedding))}::${layout.vectorType})`,
    );
    const res = await tx.query(
      `INSERT INTO ${layout.table} (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}${conflictClause(policy)}`,
      params.values,
    );
    written += res.rowCount;
  }
  return policy === 'overwrite' ? rows.length : written;
}

function vectorText(embedding: readonly number[] | undefined): string | null {
  return embedding === undefined ? null : (toSql([...embedding]) as string);
}

function copyPayload(layout: TableLayout, rows: readonly Document[]): Generator<Uint8Array> {
  const types: BinaryColumnType[] = ['text', 'text', 'jsonb', layout.vectorType];
  function* tuples(): Generator<BinaryValue[]> {
    for (const d of rows) yield [d.id, d.content, JSON.stringify(d.meta ?? {}), d.embedding ?? null];
  }
  return encodeBinaryCopy(types, tuples());
}

/** Binary COPY: straight into the table for `fail`, else into a staging table merged with ON CONFLICT. */
async function copyRows(
  tx: SqlExecutor,
  layout: TableLayout,
  rows: readonly Document[],
  policy: ResolvedDuplicatePolicy,
): Promise<number> {
  if (policy === 'fail') return tx.copyFromBinary(layout.table, COLUMNS, copyPayload(layout, rows));
  const stage = quoteIdentifier(`_synapse_stage_${randomBytes(6).toString('hex')}`);
  await tx.query(
    `CREATE TEMP TABLE ${stage} (id text, content text, meta jsonb, embedding ${layout.vectorType}(${layout.dimension})) ON COMMIT DROP`,
  );
  await tx.copyFromBinary(stage, COLUMNS, copyPayload(layout, rows));
  const res = await tx.query(
    `INSERT INTO ${layout.table} (${COLUMNS.join(', ')}) SELECT ${COLUMNS.join(', ')} FROM ${stage}${conflictClause(policy)}`,
  );
  await tx.query(`DROP TABLE ${stage}`);
  return policy === 'overwrite' ? rows.length : res.rowCount;
}

/** Ids of `rows` already in the table, sorted (for the DuplicateDocumentError of policy `fail`). */
export async function existingIds(client: SqlExecutor, layout: TableLayout, rows: readonly Document[]): Promise<string[]> {
  const { rows: existing } = await client.query<{ id: string }>(
    `SELECT id FROM ${layout.table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify(rows.map((d) => d.id))],
  );
  return existing.map((r) => r.id).sort();
}
