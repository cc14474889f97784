/**
 * The bulk-write floor: the rows our store writes, encoded as binary COPY BEFORE the clock starts,
 * then streamed through bare `pg` + `pg-copy-streams` (as the store sends them: BEGIN, COPY …
 * FROM STDIN (FORMAT binary), COMMIT) — no validation, no encoding, no library code in the timed part.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Document } from '@synapse-rag/core';
import { encodeBinaryCopy } from '@synapse-rag/pgvector';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COLUMNS = 'id, content, meta, embedding';

/** `docs` as one binary COPY payload (header, rows, trailer) in the store's column order and types. */
export function encodeRows(docs: readonly Document[], vectorType: 'vector' | 'halfvec' = 'vector'): Buffer[] {
  const rows = docs.map((d) => [d.id, d.content, JSON.stringify(d.meta ?? {}), d.embedding ?? null] as const);
  return [...encodeBinaryCopy(['text', 'text', 'jsonb', vectorType], rows)].map((c) =>
    Buffer.from(c.buffer, c.byteOffset, c.byteLength),
  );
}

/** One transaction on one pooled connection: BEGIN, COPY the pre-encoded payload into `table`, COMMIT. */
export async function copyPayload(pool: pg.Pool, table: string, payload: readonly Buffer[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await pipeline(Readable.from(payload), client.query(copyFrom(`COPY ${table} (${COLUMNS}) FROM STDIN (FORMAT binary)`)));
    await client.query('COMMIT');
    client.release();
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}

/**
 * Pre-encodes every batch for `streams` parallel COPYs (each batch cut in `streams` contiguous
 * slices, as `bulkWriteDocuments` cuts it) and returns the floor writer for those batches: each
 * slice in its own transaction on its own connection, all at once.
 */
export function copyFloor(pool: pg.Pool, table: string, batches: readonly (readonly Document[])[], streams: number) {
  const encoded = new Map<readonly Document[], Buffer[][]>();
  for (const b of batches) {
    const size = Math.ceil(b.length / streams);
    const slices: Buffer[][] = [];
    for (let i = 0; i < b.length; i += size) slices.push(encodeRows(b.slice(i, i + size)));
    encoded.set(b, slices);
  }
  return async (batch: readonly Document[]): Promise<void> => {
    const slices = encoded.get(batch);
    if (!slices) throw new Error('copyFloor: batch was not pre-encoded');
    await Promise.all(slices.map((s) => copyPayload(pool, table, s)));
  };
}
