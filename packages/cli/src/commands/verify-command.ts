import type { VerificationReport } from '@synapse-rag/migration';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { addSourceTargetOptions, migrationInput, type SourceTargetFlags } from '../source-options.js';
import { parseOrUsage, UsageError } from '../usage-error.js';
import { writeReport } from './migrate-command.js';

function summary(r: VerificationReport): string {
  const lines = [
    `${r.ok ? 'OK' : 'DIFFERENCES'}: checked ${r.checked} source rows (${r.docsPerSecond} docs/s): ${r.matched} equal, ${r.rejected.length} rejected by the migration, ${r.mismatches.length} missing or different, ${r.extra.length} extra in the target.`,
  ];
  const shown = 50;
  for (const m of r.mismatches.slice(0, shown)) lines.push(`  ${m.id}: ${m.problems.join('; ')}`);
  for (const id of r.extra.slice(0, shown)) lines.push(`  ${id}: extra: not in the source`);
  const hidden = Math.max(0, r.mismatches.length - shown) + Math.max(0, r.extra.length - shown);
  if (hidden > 0) lines.push(`  … and ${hidden} more (see --report)`);
  return lines.join('\n');
}

export function verifyCommand(): Command {
  const cmd = new Command('verify').description(
    'Compare EVERY source document with the target (ids, content hash, meta, embeddings within float32 tolerance); exit 3 on any difference.',
  );
  addSourceTargetOptions(cmd).action(async (flags: SourceTargetFlags) => {
    if (!flags.databaseUrl && !flags.pgliteDir) throw new UsageError('give --database-url or --pglite-dir.');
    if (flags.databaseUrl && flags.pgliteDir) throw new UsageError('give only one of --database-url and --pglite-dir.');
    const { parseMigrationOptions, verifyMigration } = await import('@synapse-rag/migration');
    const options = parseOrUsage(() => parseMigrationOptions(migrationInput(flags)));
    const report = await verifyMigration(options, (p) => {
      if (flags.json)
        process.stdout.write(`${JSON.stringify({ event: 'progress', ...p, docsPerSecond: Math.round(p.docsPerSecond) })}\n`);
    });
    await writeReport(flags.report, report);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ event: 'done', ...report, rejected: report.rejected.length })}\n`);
    } else process.stdout.write(`${summary(report)}\n`);
    process.exitCode = report.ok ? EXIT.ok : EXIT.findings;
  });
  return cmd;
}
