import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { expandPaths } from '../indexing/expand-paths.js';
import type { IndexFilesSummary } from '../indexing/index-files.js';
import { describeEmbedder } from '../models/describe-models.js';
import { positiveInt } from '../source-options.js';
import { addStoreOptions, pgvectorLocation, resolveStoreSettings, type StoreFlags } from '../store/store-options.js';
import { indexProgressDisplay } from './index-progress.js';

interface IndexFlags extends StoreFlags {
  json?: boolean;
  batchSize?: number;
}

function summaryLine(s: IndexFilesSummary, where: string): string {
  const lines = [
    `Indexed ${s.indexed} of ${s.files} files (${s.unchanged} unchanged, skipped; ${s.failed.length} failed) into ${where}: ` +
      `${s.chunks} chunks written${s.replacedChunks > 0 ? `, ${s.replacedChunks} old chunks replaced` : ''}, ` +
      `${(s.elapsedMs / 1000).toFixed(1)} s (${s.docsPerSecond.toFixed(1)} docs/s), embedder ${describeEmbedder(s.embedder)}.`,
    ...s.failed.slice(0, 20).map((f) => `  failed: ${f.path}: ${f.error}`),
  ];
  return lines.join('\n');
}

/** `synapse index <paths|globs…>`. */
export function indexCommand(): Command {
  const cmd = new Command('index')
    .description(
      'Convert, clean, split, embed and write files (folders and globs too) into the store; files whose content hash is already indexed are skipped.',
    )
    .argument('<paths...>', 'files, folders or globs (quote globs: "docs/**/*.md")')
    .option('--json', 'print the summary as one JSON object (no progress bar)')
    .option('--batch-size <n>', 'files per pipeline run', positiveInt, 16);
  addStoreOptions(cmd).action(async (patterns: string[], flags: IndexFlags) => {
    const settings = resolveStoreSettings(flags);
    const files = expandPaths(patterns);
    const { openIndex } = await import('../indexing/open-index.js');
    const { indexFiles } = await import('../indexing/index-files.js');
    const { chooseEmbedder } = await import('../models/model-choice.js');
    const { probeOllama } = await import('../models/ollama-probe.js');
    const index = await openIndex(settings);
    try {
      let embedder = index.ledger.embedder;
      if (!embedder) {
        const choice = await chooseEmbedder(await probeOllama());
        if (choice.notice) process.stderr.write(`${choice.notice}\n`);
        embedder = choice.spec;
      }
      const where =
        index.kind === 'chroma'
          ? `Chroma collection ${settings.chroma?.collection}`
          : `table ${settings.pgvector.table} (${pgvectorLocation(settings)})`;
      const display = indexProgressDisplay(Boolean(flags.json));
      let summary: IndexFilesSummary;
      try {
        summary = await indexFiles({
          files,
          store: index.documents(embedder),
          ledger: index.ledger,
          embedder,
          batchSize: flags.batchSize ?? 16,
          onProgress: (p) => display.update(p),
        });
      } finally {
        display.stop();
      }
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, store: where })}\n`);
      else process.stdout.write(`${summaryLine(summary, where)}\n`);
      process.exitCode = summary.failed.length > 0 ? EXIT.findings : EXIT.ok;
    } finally {
      await index.close();
    }
  });
  return cmd;
}
