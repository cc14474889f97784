/** Small helpers shared by the benchmark scripts: flags, a seeded PRNG, timing loops (the arithmetic is in stats.ts). */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '@synapse-rag/core';
import { type Latency, percentiles } from './stats.js';

export { type Latency, median, percentiles, recall } from './stats.js';

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

/** Seeded PRNG (core's mulberry32 `seededRandom`): the same seed gives the same data set on every run. */
export const rng = seededRandom;

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

/**
 * Times several contenders on the same items, interleaved: for each item every contender runs once,
 * back to back, starting one further along the list for every item, so a noisy moment on a shared
 * machine hits all of them alike and the ratios between them stay meaningful. The first `warmup`
 * items run untimed. `fn(item, index)` gets the item's index in `items` (warm-ups included).
 */
export async function timeInterleaved<T, C extends Record<string, (item: T, index: number) => Promise<unknown>>>(
  items: readonly T[],
  warmup: number,
  contenders: C,
): Promise<{ [K in keyof C]: Latency }> {
  type K = keyof C & string;
  const names = Object.keys(contenders) as K[];
  const ms = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length] as K;
      const t0 = performance.now();
      await (contenders[name] as C[K])(item, i);
      if (i >= warmup) ms[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, percentiles(ms[n])])) as { [Q in keyof C]: Latency };
}

/**
 * Writes the same batches with several writers, interleaved (batch i by every writer, the order
 * rotated per batch) so that machine noise is shared; returns documents per second per writer.
 */
export async function writeInterleaved<T, C extends Record<string, (batch: readonly T[]) => Promise<unknown>>>(
  batches: readonly (readonly T[])[],
  writers: C,
): Promise<{ [K in keyof C]: number }> {
  type K = keyof C & string;
  const names = Object.keys(writers) as K[];
  const spent = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  let docs = 0;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i] as readonly T[];
    docs += batch.length;
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length] as K;
      const t0 = performance.now();
      await (writers[name] as C[K])(batch);
      spent[name] += performance.now() - t0;
    }
  }
  return Object.fromEntries(names.map((n) => [n, docs / (spent[n] / 1000)])) as { [Q in keyof C]: number };
}

/** Progress line on stderr with a UTC time stamp (stdout stays for the report). */
export const log = (...args: unknown[]): void => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
