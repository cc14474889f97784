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
