/**
 * Vega-Lite specs of the write benchmarks (rendered by plots.ts's `writePlots`): bulk-write
 * throughput vs batch size (`npm run bench:writes`) and a migration's committed docs/s over time
 * (the series `npm run bench:migration` records).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Row } from './plots.js';

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
