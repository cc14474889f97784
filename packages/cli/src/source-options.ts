import { readFileSync } from 'node:fs';
import { InvalidOptionsError } from '@synapse-rag/core';
import type { Command } from 'commander';
import { integerArgument } from './integer-argument.js';

/** Options shared by `migrate` and `verify` (as commander parsed them). */
export interface SourceTargetFlags {
  sqlite: string;
  chromaUrl: string;
  chromaCollection: string;
  databaseUrl?: string;
  pgliteDir?: string;
  schema: string;
  table: string;
  batchSize: number;
  dimension?: number;
  mapping?: string;
  sourceTable?: string;
  idColumn?: string;
  contentColumn?: string;
  metadataColumn?: string;
  metaColumns?: string;
  report?: string;
  json?: boolean;
}

export const positiveInt = integerArgument(1, Number.POSITIVE_INFINITY, 'a positive integer');

/** Registers the source, target and mapping options on `cmd`. */
export function addSourceTargetOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--sqlite <file>', 'legacy SQLite file (opened read-only)')
    .requiredOption('--chroma-url <url>', 'Chroma server, e.g. http://127.0.0.1:8000')
    .requiredOption('--chroma-collection <name>', 'Chroma collection holding the legacy embeddings')
    .option('--database-url <url>', 'target PostgreSQL server with pgvector')
    .option('--pglite-dir <dir>', 'target an embedded PGlite data directory instead of a server')
    .option('--schema <name>', 'target schema', 'public')
    .option('--table <name>', 'target table', 'documents')
    .option('--batch-size <n>', 'rows per batch (one transaction each)', positiveInt, 1000)
    .option('--dimension <n>', 'embedding dimension (default: the most common among the first Chroma records)', positiveInt)
    .option('--mapping <file>', 'JSON mapping file: { table, idColumn, contentColumn, metadataColumn, metaColumns }')
    .option('--source-table <name>', 'SQLite table (overrides the mapping file)')
    .option('--id-column <name>', 'SQLite primary-key column')
    .option('--content-column <name>', 'SQLite column with the content')
    .option('--metadata-column <name>', 'SQLite column with the metadata JSON ("none" for no such column)')
    .option('--meta-columns <list>', 'comma-separated SQLite columns copied into meta')
    .option('--report <file>', 'write the JSON report to this file')
    .option('--json', 'one JSON line per batch instead of a progress bar');
}

/** The mapping from `--mapping` and the per-field flags (flags win). */
export function mappingFrom(flags: SourceTargetFlags): Record<string, unknown> {
  let mapping: Record<string, unknown> = {};
  if (flags.mapping) {
    try {
      mapping = JSON.parse(readFileSync(flags.mapping, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidOptionsError('synapse', `cannot read the mapping file ${flags.mapping}: ${(error as Error).message}`);
    }
  }
  if (flags.sourceTable) mapping.table = flags.sourceTable;
  if (flags.idColumn) mapping.idColumn = flags.idColumn;
  if (flags.contentColumn) mapping.contentColumn = flags.contentColumn;
  if (flags.metadataColumn) mapping.metadataColumn = flags.metadataColumn === 'none' ? null : flags.metadataColumn;
  if (flags.metaColumns !== undefined)
    mapping.metaColumns = flags.metaColumns
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  return mapping;
}

/** The options object of the migration package's `migrateLegacyData` / `verifyMigration`. */
export function migrationInput(flags: SourceTargetFlags, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const hasTarget = Boolean(flags.databaseUrl || flags.pgliteDir);
  return {
    sqlitePath: flags.sqlite,
    chromaUrl: flags.chromaUrl,
    chromaCollection: flags.chromaCollection,
    mapping: mappingFrom(flags),
    batchSize: flags.batchSize,
    ...(flags.dimension !== undefined ? { dimension: flags.dimension } : {}),
    ...(hasTarget
      ? {
          target: {
            ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
            ...(flags.pgliteDir ? { pgliteDir: flags.pgliteDir } : {}),
            schema: flags.schema,
            table: flags.table,
          },
        }
      : {}),
    ...extra,
  };
}
