import type { Document } from '@synapse-rag/core';
import { encodeBinaryCopy, quoteIdentifier, type SqlExecutor } from '@synapse-rag/pgvector';

/** What happens to a migrated row whose id is already in the target (e.g. written by dual writes). */
export type ConflictPolicy = 'skip' | 'overwrite' | 'fail';

const COLUMNS = ['id', 'content', 'meta', 'embedding'];
const STAGE = quoteIdentifier('_synapse_migration_stage');

/**
 * Writes one batch inside the caller's transaction: binary COPY into a temp staging table (dropped
 * at commit) then one `INSERT … SELECT … ON CONFLICT` into the target; without binary COPY
 * (pglite-server) one INSERT from a JSON array. Returns how many ids already existed.
 */
export async function writeBatch(
  tx: SqlExecutor,
  target: { table: string; vectorType: 'vector' | 'halfvec'; dimension: number; binaryCopy: boolean },
  docs: readonly Document[],
  policy: ConflictPolicy,
): Promise<{ existing: number }> {
  if (docs.length === 0) return { existing: 0 };
  const vec = `${target.vectorType}(${target.dimension})`;
  let source: string;
  let params: string[] = [];
  if (target.binaryCopy) {
    await tx.query(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (id text, content text, meta jsonb, embedding ${vec}) ON COMMIT DROP`,
    );
    const tuples = docs.map((d) => [d.id, d.content, JSON.stringify(d.meta), d.embedding ?? null] as const);
    await tx.copyFromBinary(STAGE, COLUMNS, encodeBinaryCopy(['text', 'text', 'jsonb', target.vectorType], tuples));
    source = `SELECT id, content, meta, embedding FROM ${STAGE}`;
  } else {
    params = [JSON.stringify(docs.map((d) => ({ id: d.id, content: d.content, meta: d.meta, embedding: d.embedding })))];
    source = `SELECT r->>'id', r->>'content', r->'meta', (r->>'embedding')::${vec} FROM jsonb_array_elements($1::text::jsonb) AS r`;
  }
  const { rows } = await tx.query<{ n: number }>(
    `WITH s AS (${source}) SELECT count(*)::int AS n FROM ${target.table} t JOIN s ON s.id = t.id`,
    params,
  );
  const existing = Number(rows[0]?.n ?? 0);
  if (existing > 0 && policy === 'fail') {
    throw new Error(`${existing} migrated id(s) already exist in ${target.table} (conflict policy "fail").`);
  }
  const conflict =
    policy === 'overwrite'
      ? ' ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content, meta = EXCLUDED.meta, embedding = EXCLUDED.embedding, updated_at = now()'
      : ' ON CONFLICT (id) DO NOTHING';
  await tx.query(`INSERT INTO ${target.table} (${COLUMNS.join(', ')}) ${source}${conflict}`, params);
  return { existing };
}
