import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One row of a plot's data: field name → value. */
export type Row = Record<string, string | number>;

/** Compiles a Vega-Lite spec and renders it to an SVG string headless (vega's `renderer: 'none'` view, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The `npm run bench` plots: file name (without `.svg`) → Vega-Lite spec over the run's rows. */
export function benchPlots(
  { latency, components, concurrency, recall }: { latency: Row[]; components: Row[]; concurrency: Row[]; recall: Row[] },
  caption: string,
): Record<string, TopLevelSpec> {
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white' } as const;
  /** One line per query kind over the concurrency levels (log₂ x axis). */
  const vsClients = (text: string, field: string, title: string): TopLevelSpec => ({
    ...base,
    title: { text, subtitle: caption },
    data: { values: concurrency },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'clients', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { values: [1, 4, 16, 64] } },
      y: { field, type: 'quantitative', title },
      color: { field: 'query', type: 'nominal', legend: { labelLimit: 320 } },
    },
    width: 420,
  });
  // drawn only when the run measured it (a saved run from before the sweep has no rows)
  const recallSpec: Record<string, TopLevelSpec> =
    recall.length === 0
      ? {}
      : {
          'recall-vs-ef-search': {
            ...base,
            title: { text: 'HNSW recall@10 vs ef_search (server)', subtitle: caption },
            data: { values: recall },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'efSearch', type: 'quantitative', title: 'ef_search', scale: { type: 'log', base: 2 } },
              y: { field: 'recall', type: 'quantitative', title: 'recall@10', scale: { zero: false } },
            },
            width: 420,
          },
        };
  return {
    ...recallSpec,
    'latency-percentiles': {
      ...base,
      title: { text: 'Query latency per subject (ms)', subtitle: caption },
      data: { values: latency },
      mark: 'bar',
      encoding: {
        y: { field: 'subject', type: 'nominal', title: null, sort: null, axis: { labelLimit: 360 } },
        x: { field: 'ms', type: 'quantitative', title: 'ms' },
        yOffset: { field: 'percentile', sort: ['p50', 'p95', 'p99'] },
        color: { field: 'percentile', type: 'nominal', sort: ['p50', 'p95', 'p99'] },
      },
      width: 420,
      height: { step: 14 },
    },
    'pipeline-breakdown': {
      ...base,
      title: { text: 'Where the headline pipeline spends its time (mean ms per query)', subtitle: caption },
      data: { values: components },
      mark: 'bar',
      encoding: {
        y: { field: 'target', type: 'nominal', title: null },
        x: { field: 'ms', type: 'quantitative', title: 'mean ms', stack: 'zero' },
        color: { field: 'component', type: 'nominal', sort: null },
        order: { field: 'order', type: 'quantitative' },
      },
      width: 480,
    },
    'qps-vs-concurrency': vsClients(
      'Throughput vs concurrent clients (server: one pool; Chroma: one client)',
      'qps',
      'queries/s',
    ),
    'p95-vs-concurrency': vsClients('p95 latency vs concurrent clients (server: one pool; Chroma: one client)', 'p95', 'p95 ms'),
  };
}

/** Renders every spec to `<dir>/<name>.svg`; returns the paths written. */
export async function writePlots(dir: string, specs: Record<string, TopLevelSpec>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const path = join(dir, `${name}.svg`);
    await writeFile(path, await renderSvg(spec));
    written.push(path);
  }
  return written;
}
