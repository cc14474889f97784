/**
 * Vega-Lite specs of the write benchmarks (rendered by plots.ts's `writePlots`): bulk-write
 * throughput vs batch size (`npm run bench:writes`) and a migration's committed docs/s over time
 * (the series `npm run bench:migration` records).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Row } from './plots.js';
import { throughput } from './stats.js';

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white' } as const;

/**
 * One line per contender (our store vs the floor, 1 or 2 streams: dashed) over the batch sizes (log x),
 * one panel per table layout (columns) and dimension (rows), with the 50k rows/s target
 * (set for 384-d) as a dotted rule. Rows: `{ dim, layout, batch, contender, streams, docsPerSec }`.
 */
export function writeThroughputSpec(rows: Row[], caption: string): TopLevelSpec {
  return {
    ...base,
    title: { text: 'Bulk-write throughput vs batch size (server); dotted: 50k rows/s target (384-d)', subtitle: caption },
    data: { values: rows },
    facet: {
      column: { field: 'layout', type: 'nominal', title: null },
      row: { field: 'dim', type: 'ordinal', title: 'dimension' },
    },
    spec: {
      width: 280,
      height: 200,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'batch', type: 'quantitative', title: 'documents per call', scale: { type: 'log' } },
            y: { field: 'docsPerSec', type: 'quantitative', title: 'docs/s' },
            color: { field: 'contender', type: 'nominal', title: null, legend: { labelLimit: 320 } },
            strokeDash: { field: 'streams', type: 'nominal', legend: null },
          },
        },
        { mark: { type: 'rule', color: 'gray', strokeDash: [2, 3] }, encoding: { y: { datum: 50_000 } } },
      ],
    },
  };
}

/** A migration's committed documents per second over time, one line per corpus. Rows: `{ corpus, seconds, docsPerSec }`. */
export function migrationRateSpec(rows: Row[], caption: string): TopLevelSpec {
  return {
    ...base,
    title: { text: 'synapse migrate: committed docs/s over time', subtitle: caption },
    data: { values: rows },
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'seconds since the load began', scale: { zero: true } },
      y: { field: 'docsPerSec', type: 'quantitative', title: 'committed docs/s' },
      color: { field: 'corpus', type: 'nominal', title: null, legend: { labelLimit: 320 } },
    },
    width: 480,
    height: 220,
  };
}

/** What `npm run bench:migration -- --json FILE` writes: per corpus, when each batch committed. */
export interface MigrationSeries {
  date: string;
  dimension: number;
  batchSize: number;
  series: Array<{ corpus: string; load: [number, number]; points: Array<{ seconds: number; done: number }> }>;
}

/** Batches per point of the rolling rate. */
export const WINDOW = 5;

/**
 * Per committed batch: the rate over the last {@link WINDOW} batches (documents committed in them
 * over the time they took; a single batch's rate swings with whether its Chroma read finished
 * ahead) and the cumulative rate since the load began.
 */
export function rateRows(saved: MigrationSeries): Row[] {
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
