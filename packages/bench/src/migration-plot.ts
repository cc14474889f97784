/**
 * `npm run bench:migration-plot -- FILE [--plots DIR]`: draws the time series that
 * `npm run bench:migration -- --json FILE` records (committed documents per batch of `synapse
 * migrate`) as docs/s over time — over the last 5 batches and since the start — into `DIR/migration-docs-per-sec.svg`
 * (default docs/benchmarks). The CLI package records, this package renders (the CLI must not import bench).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { log } from './bench-utils.js';
import { writePlots } from './plots.js';
import { type MigrationSeries, migrationRateSpec, rateRows } from './write-plots.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { plots: { type: 'string', default: 'docs/benchmarks' } },
  });
  const file = positionals[0];
  if (!file)
    throw new Error(
      'usage: npm run bench:migration-plot -- FILE [--plots DIR] (FILE from npm run bench:migration -- --json FILE)',
    );
  const saved = JSON.parse(await readFile(file, 'utf8')) as MigrationSeries;
  const loads = saved.series.map((s) => `load ${s.load.map((l) => l.toFixed(1)).join('→')}`).join(', ');
  const caption = `${saved.date}, ${saved.dimension}-d, batches of ${saved.batchSize}; ${loads}`;
  const written = await writePlots(values.plots ?? 'docs/benchmarks', {
    'migration-docs-per-sec': migrationRateSpec(rateRows(saved), caption),
  });
  log('plots:', written.join(', '));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
