import type { Document, Meta } from '@synapse-rag/core';
import { reciprocalRankFusion } from '@synapse-rag/core';
import { decodeVectorBinary } from './binary-copy.js';

/** A row of the store's queries. */
export interface DocumentRow {
  id: string;
  content: string;
  meta: Meta | string;
  /** `vector_send` / `halfvec_send` bytes (node-postgres: Buffer, PGlite: Uint8Array). */
  embedding: Uint8Array | null;
  score?: number | string | null;
}

/** The document of a row; `withScore` copies the row's `score`. */
export function rowToDocument(row: DocumentRow, halfvec: boolean, withScore: boolean): Document {
  const meta = typeof row.meta === 'string' ? (JSON.parse(row.meta) as Meta) : row.meta;
  const doc: Document = { id: row.id, content: row.content, meta: meta ?? {} };
  if (row.embedding !== null && row.embedding !== undefined) doc.embedding = decodeVectorBinary(row.embedding, halfvec);
  if (withScore && row.score !== null && row.score !== undefined) doc.score = Number(row.score);
  return doc;
}

/** A row of the hybrid statement: `src` 0 (vector list) or 1 (keyword list) when it returns both lists, `vn` the vector candidates when it fuses in SQL. */
export type HybridRow = DocumentRow & { src?: number; vn?: number };

/** How many vector candidates the hybrid statement found (to tell a short HNSW scan). */
export function hybridVectorCount(rows: readonly HybridRow[], fusedInSql: boolean): number {
  return fusedInSql ? Number(rows[0]?.vn ?? 0) : rows.filter((r) => r.src === 0).length;
}

/**
 * The documents of the hybrid statement's rows: already fused in SQL (with embeddings), or the two
 * ranked lists fused here with core's reciprocal rank fusion (same numbers and tie-breaks).
 */
export function hybridRowsToDocuments(
  rows: readonly HybridRow[],
  halfvec: boolean,
  fusion: { fusedInSql: boolean; weights: readonly [number, number]; k: number; topK: number },
): Document[] {
  if (fusion.fusedInSql) return rows.map((r) => rowToDocument(r, halfvec, true));
  const lists: [Document[], Document[]] = [[], []];
  for (const r of rows) lists[r.src === 0 ? 0 : 1].push(rowToDocument(r, halfvec, false));
  return reciprocalRankFusion(lists, { weights: fusion.weights, k: fusion.k, topK: fusion.topK });
}
