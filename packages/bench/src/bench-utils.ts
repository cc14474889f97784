/** Small helpers shared by the benchmark scripts: flags, a seeded PRNG, latency percentiles. */
import { performance } from 'node:perf_hooks';

/** `--name=value` from argv, else the `env` variable, else `dflt`. */
export function flag(name: string, env: string, dflt: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (arg) return arg.slice(name.length + 3);
  return process.env[env] ?? dflt;
}

/** `"10000,100000"` → `[10000, 100000]` (empty and non-positive entries dropped). */
export function sizesOf(s: string): number[] {
  return s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => n > 0);
}

/** Seeded PRNG (mulberry32): the same seed gives the same data set on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Latency summary in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles of a list of durations (ms). */
export function percentiles(ms: readonly number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  return { p50: at(50), p95: at(95), p99: at(99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Runs `fn` on the first `warmup` items untimed, then times it on the rest, one at a time. */
export async function timeQueries<T>(items: readonly T[], warmup: number, fn: (item: T) => Promise<unknown>): Promise<Latency> {
  for (const item of items.slice(0, warmup)) await fn(item);
  const ms: number[] = [];
  for (const item of items.slice(warmup)) {
    const t0 = performance.now();
    await fn(item);
    ms.push(performance.now() - t0);
  }
  return percentiles(ms);
}

/** Progress line on stderr with a UTC time stamp (stdout stays for the report). */
export const log = (...args: unknown[]): void => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

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
