/**
 * `npm run bench:migration-plot -- FILE [--plots DIR]`: draws the time series that
 * `npm run bench:migration -- --json FILE` records (committed documents per batch of `synapse
 * migrate`) as docs/s over time — over the last 5 batches and since the start — into `DIR/migration-docs-per-sec.svg`
 * (default docs/benchmarks). The CLI package records, this package renders (the CLI must not import bench).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { log } from './bench-utils.js';
import { type Row, writePlots } from './plots.js';
import { throughput } from './stats.js';
import { migrationRateSpec } from './write-plots.js';

/** What bench-migration.ts writes. */
interface MigrationSeries {
  date: string;
  dimension: number;
  batchSize: number;
  series: Array<{ corpus: string; load: [number, number]; points: Array<{ seconds: number; done: number }> }>;
}

const WINDOW = 5;

/**
 * Per committed batch: the rate over the last {@link WINDOW} batches (documents committed in them
 * over the time they took; a single batch's rate swings with whether its Chroma read finished
 * ahead) and the cumulative rate since the load began.
 */
function rateRows(saved: MigrationSeries): Row[] {
  return saved.series.flatMap(({ corpus, points }) =>
    points.flatMap((p, i) => {
      const from = i < WINDOW ? { seconds: 0, done: 0 } : (points[i - WINDOW] as { seconds: number; done: number });
      if (p.seconds <= from.seconds) return [];
      return [
        {
          corpus: `${corpus}, last ${WINDOW} batches`,
          seconds: p.seconds,
          docsPerSec: throughput(p.done - from.done, (p.seconds - from.seconds) * 1000),
        },
        { corpus: `${corpus}, since the start`, seconds: p.seconds, docsPerSec: throughput(p.done, p.seconds * 1000) },
      ];
    }),
  );
}

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
