import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { positiveInt } from '../source-options.js';

interface ReconcileFlags {
  source: string;
  target: string;
  dimension?: number;
  repair?: boolean;
  deleteExtra?: boolean;
  export?: string;
  outbox?: string;
  json?: boolean;
}

export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description(
      'Diff two stores (ids, content and embedding hashes), optionally repair the target from the source of truth; --outbox first replays a hybrid store outbox onto the target.',
    )
    .requiredOption(
      '--source <spec>',
      'source of truth: chroma:<http-url>/<collection>, postgres://…#[schema.]table or pglite:<dir>#table',
    )
    .requiredOption('--target <spec>', 'the store to check (same spec forms)')
    .option('--dimension <n>', 'embedding dimension (needed for pgvector specs)', positiveInt)
    .option('--repair', 'copy missing and different documents from the source (overwrite)')
    .option('--delete-extra', 'with --repair: delete documents only the target has')
    .option('--export <file>', 'write the differences as JSON')
    .option('--outbox <file>', 'replay this HybridDocumentStore outbox (JSONL) onto the target first')
    .option('--json', 'print JSON')
    .action(async (flags: ReconcileFlags) => {
      const { FileOutbox, openStoreSpec, reconcileStores } = await import('@synapse-rag/migration');
      const source = openStoreSpec(flags.source, flags.dimension);
      const target = openStoreSpec(flags.target, flags.dimension);
      try {
        let replayed: { applied: number; remaining: number } | undefined;
        if (flags.outbox) {
          const outbox = await FileOutbox.open(flags.outbox);
          try {
            const r = await outbox.replay(target.store);
            if (r.error !== undefined)
              throw new Error(
                `outbox replay stopped after ${r.applied} entries: ${String((r.error as Error)?.message ?? r.error)}`,
              );
            replayed = { applied: r.applied, remaining: r.remaining };
          } finally {
            await outbox.close();
          }
        }
        const report = await reconcileStores(source, target, {
          repair: Boolean(flags.repair),
          deleteExtra: Boolean(flags.deleteExtra),
        });
        if (flags.export) await writeFile(flags.export, `${JSON.stringify({ ...report, replayed }, null, 2)}\n`);
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, replayed })}\n`);
        else {
          const lines = [
            ...(replayed ? [`outbox: ${replayed.applied} entries replayed, ${replayed.remaining} left`] : []),
            `${report.differences.length} difference(s) between ${report.sourceCount} source and ${report.targetCount} target documents`,
            ...report.differences.slice(0, 50).map((d) => `  ${d.id}: ${d.kind}`),
            ...(report.differences.length > 50 ? [`  … and ${report.differences.length - 50} more (see --export)`] : []),
            ...(flags.repair ? [`repaired ${report.repaired}, deleted ${report.deleted}`] : []),
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        const unresolved = report.differences.filter((d) => !flags.repair || (d.kind === 'extra' && !flags.deleteExtra));
        process.exitCode = unresolved.length > 0 ? EXIT.findings : EXIT.ok;
      } finally {
        await source.close();
        await target.close();
      }
    });
}
