import { parseOptions } from '@synapse-rag/core';
import { z } from 'zod';
import { LegacyMappingSchema } from './legacy-mapping.js';

/** The legacy source: a SQLite file and the Chroma collection holding its embeddings. */
export const LegacySourceSchema = z.strictObject({
  /** Path of the legacy SQLite file (opened read-only). */
  sqlitePath: z.string().min(1),
  /** `http://host:port` of the Chroma server. */
  chromaUrl: z.string().url(),
  /** Chroma collection holding the legacy embeddings (ids = SQLite ids). */
  chromaCollection: z.string().min(1),
  /** Table and column mapping. @default the legacy app's `documents` table */
  mapping: LegacyMappingSchema.default(LegacyMappingSchema.parse({})),
});

/** The target: exactly one of a PostgreSQL URL or a PGlite directory. */
export const TargetSchema = z
  .strictObject({
    /** `postgres://…` of a server with pgvector. */
    databaseUrl: z.string().min(1).optional(),
    /** PGlite data directory (the embedded store). */
    pgliteDir: z.string().min(1).optional(),
    /** Target schema. @default "public" */
    schema: z.string().min(1).default('public'),
    /** Target table. @default "documents" */
    table: z.string().min(1).default('documents'),
  })
  .refine((t) => Boolean(t.databaseUrl) !== Boolean(t.pgliteDir), 'give exactly one of databaseUrl and pgliteDir');

/** Options of {@link migrateLegacyData} and {@link verifyMigration}. */
export const MigrationOptionsSchema = LegacySourceSchema.extend({
  /** Where documents go. Not needed for a dry run. */
  target: TargetSchema.optional(),
  /** Rows per batch (one transaction each, with its checkpoint). @default 1000 */
  batchSize: z.number().int().min(1).max(5000).default(1000),
  /** Embedding dimension; unset = the most common dimension among the first Chroma records. */
  dimension: z.number().int().min(1).max(16000).optional(),
  /** An id already in the target: keep it (`skip`), replace it (`overwrite`) or stop (`fail`). @default "skip" */
  onConflict: z.enum(['skip', 'overwrite', 'fail']).default('skip'),
  /** Read and validate everything, write nothing. @default false */
  dryRun: z.boolean().default(false),
});

export type MigrationOptionsInput = z.input<typeof MigrationOptionsSchema>;
export type MigrationOptions = z.output<typeof MigrationOptionsSchema>;

export function parseMigrationOptions(input: unknown): MigrationOptions {
  const options = parseOptions(MigrationOptionsSchema, input, 'migrateLegacyData');
  if (!options.dryRun && !options.target) parseOptions(TargetSchema, {}, 'migrateLegacyData target');
  return options;
}
