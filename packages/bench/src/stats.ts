/**
 * The benchmarks' arithmetic, pure and unit-tested (stats.test.ts): latency percentiles,
 * medians, recall, throughput, ratios and the per-component time breakdown of traced runs.
 */

/** Latency summary in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles of a non-empty list of durations (ms). */
export function percentiles(ms: readonly number[]): Latency {
  if (ms.length === 0) throw new RangeError('percentiles: no durations measured');
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  return { p50: at(50), p95: at(95), p99: at(99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Mean share of each exact id list found in the matching approximate list, skipping the first `skip` (warm-up) queries. */
export function recall(exact: readonly (readonly string[])[], approx: readonly (readonly string[])[], skip = 0): number {
  let hits = 0;
  let total = 0;
  for (let i = skip; i < exact.length; i++) {
    const truth = new Set(exact[i]);
    hits += (approx[i] ?? []).filter((id) => truth.has(id)).length;
    total += truth.size;
  }
  return total === 0 ? 0 : hits / total;
}

/** Operations per second: `count` operations completed in `elapsedMs` wall-clock milliseconds. */
export function throughput(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new RangeError(`throughput: elapsedMs must be positive, got ${elapsedMs}`);
  return count / (elapsedMs / 1000);
}

/** `subject / baseline` (e.g. our p95 over the floor's p95: 1.08 = 8 % overhead). */
export function ratio(subject: number, baseline: number): number {
  if (!(baseline > 0)) throw new RangeError(`ratio: baseline must be positive, got ${baseline}`);
  return subject / baseline;
}

/** One traced run: each component's duration (ms) by name (a component visited twice sums). */
export type ComponentTimes = Record<string, number>;

/**
 * Per-component mean duration over traced runs, plus `other` = mean total minus the components'
 * sum (the engine's own scheduling, validation and hand-over). Components keep their first-seen order.
 */
export function breakdown(runs: readonly ComponentTimes[], totalsMs: readonly number[]): ComponentTimes {
  if (runs.length === 0 || runs.length !== totalsMs.length)
    throw new RangeError(`breakdown: ${runs.length} traced runs for ${totalsMs.length} totals`);
  const out: ComponentTimes = {};
  for (const run of runs) for (const [name, ms] of Object.entries(run)) out[name] = (out[name] ?? 0) + ms / runs.length;
  const meanTotal = totalsMs.reduce((a, b) => a + b, 0) / totalsMs.length;
  const sum = Object.values(out).reduce((a, b) => a + b, 0);
  out.other = Math.max(0, meanTotal - sum);
  return out;
}
