import { createHash } from 'node:crypto';
import { parseOptions } from '@synapse-rag/core';
import { z } from 'zod';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)');

/**
 * Where the legacy app's documents live in SQLite and how a row becomes a document. The default
 * is the legacy app's `documents` table: id = the legacy id (unchanged, so dual writes and shadow
 * reads compare the same ids), content = `processed_content`, meta = the `metadata` JSON object
 * plus the listed columns.
 */
export const LegacyMappingSchema = z.strictObject({
  /** SQLite table. @default "documents" */
  table: identifier.default('documents'),
  /** Primary-key column (read in key order, keyset-paginated). @default "id" */
  idColumn: identifier.default('id'),
  /** Column holding the document content. @default "processed_content" */
  contentColumn: identifier.default('processed_content'),
  /** Column holding a JSON object merged into meta; `null` = none. @default "metadata" */
  metadataColumn: identifier.nullable().default('metadata'),
  /**
   * Columns copied into meta under their own names (after the JSON object, so they win).
   * @default ["title", "doc_type", "source_url", "original_content", "created_at", "updated_at"]
   */
  metaColumns: z.array(identifier).default(['title', 'doc_type', 'source_url', 'original_content', 'created_at', 'updated_at']),
});

export type LegacyMappingInput = z.input<typeof LegacyMappingSchema>;
export type LegacyMapping = z.output<typeof LegacyMappingSchema>;

/** Validates a mapping (a mapping file's JSON, or flags); InvalidOptionsError names each problem. */
export function parseLegacyMapping(input: unknown = {}): LegacyMapping {
  return parseOptions(LegacyMappingSchema, input ?? {}, 'LegacyMapping');
}

/** What identifies one migration: a rerun with the same fingerprint resumes its checkpoint. */
export interface MigrationIdentity {
  /** Absolute path of the SQLite file. */
  sqlitePath: string;
  chromaUrl: string;
  chromaCollection: string;
  mapping: LegacyMapping;
  /** Target table, schema-qualified. */
  targetTable: string;
  dimension: number;
}

/** sha256 (hex, first 32 chars) of the identity's canonical JSON. */
export function migrationFingerprint(identity: MigrationIdentity): string {
  const { mapping } = identity;
  const canonical = JSON.stringify([
    identity.sqlitePath,
    identity.chromaUrl.replace(/\/+$/, ''),
    identity.chromaCollection,
    [mapping.table, mapping.idColumn, mapping.contentColumn, mapping.metadataColumn, mapping.metaColumns],
    identity.targetTable,
    identity.dimension,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
