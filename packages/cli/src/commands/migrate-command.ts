import { writeFile } from 'node:fs/promises';
import type { MigrationReport } from '@synapse-rag/migration';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { progressDisplay } from '../progress-display.js';
import { addSourceTargetOptions, migrationInput, type SourceTargetFlags } from '../source-options.js';
import { parseOrUsage, UsageError } from '../usage-error.js';

interface MigrateFlags extends SourceTargetFlags {
  dryRun?: boolean;
  onConflict: 'skip' | 'overwrite' | 'fail';
}

/** The `--report` JSON: `{ migrated, rejected: [{ id, reason }], orphans, … }`. */
export async function writeReport(path: string | undefined, report: object): Promise<void> {
  if (path) await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}

function summary(r: MigrationReport): string {
  if (r.alreadyDone) return `already migrated (${r.migrated} documents, ${r.rejected.length} rejected); nothing to do.`;
  const verb = r.dryRun ? 'would migrate' : 'migrated';
  return `${verb} ${r.migrated} documents; ${r.rejected.length} rejected; ${r.orphans.length} orphan(s) in Chroma${r.existing ? `; ${r.existing} already in the target` : ''}.`;
}

export function migrateCommand(): Command {
  const cmd = new Command('migrate').description(
    'Copy the legacy SQLite + Chroma data into pgvector: resumable after a crash, exactly once, indexes built after the load.',
  );
  addSourceTargetOptions(cmd)
    .option('--dry-run', 'read and validate everything, write nothing')
    .option('--on-conflict <policy>', 'an id already in the target: skip | overwrite | fail', 'skip')
    .action(async (flags: MigrateFlags) => {
      if (!flags.dryRun && !flags.databaseUrl && !flags.pgliteDir)
        throw new UsageError('give --database-url or --pglite-dir, or use --dry-run.');
      if (flags.databaseUrl && flags.pgliteDir) throw new UsageError('give only one of --database-url and --pglite-dir.');
      // Imported here: the migration package is large, and --help / usage errors should not wait for it.
      const { migrateLegacyData, parseMigrationOptions } = await import('@synapse-rag/migration');
      const options = parseOrUsage(() =>
        parseMigrationOptions(migrationInput(flags, { dryRun: Boolean(flags.dryRun), onConflict: flags.onConflict })),
      );
      const display = progressDisplay(flags.json);
      let report: MigrationReport;
      try {
        report = await migrateLegacyData(options, {
          onStart: ({ total, resumedFrom }) =>
            display.start(total, resumedFrom === null ? undefined : `resuming after id ${JSON.stringify(resumedFrom)}`),
          onBatch: (p) => display.batch(p),
          onIndexProgress: (p) => display.index(p),
        });
      } finally {
        display.stop();
      }
      await writeReport(flags.report, report);
      if (flags.json)
        process.stdout.write(
          `${JSON.stringify({ event: 'done', ...report, rejected: report.rejected.length, orphans: report.orphans.length, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
        );
      else process.stdout.write(`${summary(report)}\n`);
      process.exitCode = report.rejected.length > 0 || report.orphans.length > 0 ? EXIT.findings : EXIT.ok;
    });
  return cmd;
}
