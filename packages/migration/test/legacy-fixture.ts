import { createChromaClient } from '@synapse-rag/chroma';
import Database from 'better-sqlite3';

/** Rows planted to be rejected (or reported) by the migration. */
export interface PlantedRows {
  /** SQLite rows with no Chroma record. */
  missingEmbedding?: string[];
  /** SQLite rows whose metadata column is not valid JSON. */
  invalidJson?: string[];
  /** SQLite rows whose metadata JSON is an array. */
  nonObjectJson?: string[];
  /** SQLite rows whose content holds a NUL (PostgreSQL text refuses it: fails validation). */
  nulContent?: string[];
  /** Chroma records with no SQLite row. */
  orphans?: string[];
}

export interface LegacyFixture {
  sqlitePath: string;
  chromaUrl: string;
  collection: string;
  count: number;
  dimension: number;
}

/** Deterministic xorshift32 floats in [-1, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 31 - 1;
  };
}

/** `doc-000042`: ids whose SQLite (byte) order is their numeric order. */
export const legacyId = (i: number) => `doc-${String(i).padStart(6, '0')}`;

/** The embedding the fixture stores for `id` (so tests can recompute it). */
export function legacyEmbedding(index: number, dimension: number): number[] {
  const next = rng(index * 2654435761 + 7);
  return Array.from({ length: dimension }, () => Math.fround(next()));
}

/**
 * Creates the legacy app's data as it is in production: a SQLite `documents` table (the legacy
 * schema) with `count` rows and a Chroma collection holding their embeddings by id, plus the
 * planted bad rows.
 */
export async function createLegacyFixture(options: {
  sqlitePath: string;
  chromaUrl: string;
  collection: string;
  count: number;
  dimension: number;
  planted?: PlantedRows;
}): Promise<LegacyFixture> {
  const { sqlitePath, chromaUrl, collection: name, count, dimension, planted = {} } = options;
  const db = new Database(sqlitePath);
  db.exec(`CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, doc_type TEXT, source_url TEXT, original_content TEXT,
    processed_content TEXT, metadata TEXT, created_at TEXT, updated_at TEXT)`);
  const insert = db.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const bad = new Map<string, 'json' | 'array' | 'nul'>();
  for (const id of planted.invalidJson ?? []) bad.set(id, 'json');
  for (const id of planted.nonObjectJson ?? []) bad.set(id, 'array');
  for (const id of planted.nulContent ?? []) bad.set(id, 'nul');
  const rowOf = (i: number, id: string) => {
    const kind = bad.get(id);
    const metadata =
      kind === 'json'
        ? '{"tags": [1, 2'
        : kind === 'array'
          ? '[1, 2]'
          : JSON.stringify({ tags: [`t${i % 7}`], score: i % 13, nested: { n: i } });
    const content = kind === 'nul' ? `bad\u0000content ${i}` : `Processed text of document ${i} about topic ${i % 17}.`;
    return [
      id,
      `Title ${i}`,
      i % 2 ? 'note' : 'article',
      `https://example.com/${i}`,
      `Original text ${i}`,
      content,
      metadata,
      '2024-01-02T03:04:05Z',
      '2024-02-03T04:05:06Z',
    ];
  };
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(...rowOf(i, legacyId(i)));
    for (const id of planted.missingEmbedding ?? []) insert.run(...rowOf(count, id));
  })();
  db.close();

  const client = createChromaClient({ url: chromaUrl });
  const col = await client.createCollection({ name, embeddingFunction: null, configuration: { hnsw: { space: 'cosine' } } });
  const batch = 2000;
  for (let start = 0; start < count; start += batch) {
    const ids: string[] = [];
    const embeddings: number[][] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      ids.push(legacyId(i));
      embeddings.push(legacyEmbedding(i, dimension));
    }
    await col.add({ ids, embeddings });
  }
  const orphans = planted.orphans ?? [];
  if (orphans.length > 0)
    await col.add({ ids: orphans, embeddings: orphans.map((_, k) => legacyEmbedding(count + 1 + k, dimension)) });
  return { sqlitePath, chromaUrl, collection: name, count, dimension };
}
