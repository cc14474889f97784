import { performance } from 'node:perf_hooks';
import { type Latency, percentiles, throughput } from './stats.js';

/** Throughput and latency of one concurrency level. */
export interface ConcurrencyResult {
  clients: number;
  qps: number;
  latency: Latency;
}

/**
 * Runs `fn` once per item with `clients` concurrent callers (each takes the next item when its
 * previous call settles): wall-clock throughput and per-call latency percentiles.
 */
export async function runClients<T>(
  items: readonly T[],
  clients: number,
  fn: (item: T) => Promise<unknown>,
): Promise<ConcurrencyResult> {
  const ms: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      const t0 = performance.now();
      await fn(item);
      ms.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  return { clients, qps: throughput(items.length, performance.now() - t0), latency: percentiles(ms) };
}

/**
 * Every kind of query at every concurrency level, interleaved level by level (at each level every
 * kind runs once, the order rotated per level) so that a noisy moment on a shared machine hits all
 * kinds alike; each kind is warmed with its first 10 items first. Returns kind → one result per level.
 */
export async function sweepClients<T>(
  items: readonly T[],
  levels: readonly number[],
  kinds: Record<string, (item: T) => Promise<unknown>>,
  onResult?: (kind: string, result: ConcurrencyResult) => void,
): Promise<Record<string, ConcurrencyResult[]>> {
  const names = Object.keys(kinds);
  const out: Record<string, ConcurrencyResult[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) for (const item of items.slice(0, 10)) await (kinds[name] as (item: T) => Promise<unknown>)(item);
  for (const [l, clients] of levels.entries()) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(l + j) % names.length] as string;
      const result = await runClients(items, clients, kinds[name] as (item: T) => Promise<unknown>);
      out[name]?.push(result);
      onResult?.(name, result);
    }
  }
  return out;
}
