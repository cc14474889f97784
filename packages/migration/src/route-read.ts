import { createHash } from 'node:crypto';
import type { FeatureFlags } from './feature-flags.js';

/**
 * Where a routing key falls in [0, 1): the first 32 bits of its SHA-256, divided by 2³². Stable
 * across processes, hosts and releases (unlike a language hash), and uniform for any key shape.
 */
export function routingPoint(routingKey: string): number {
  return createHash('sha256').update(routingKey, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Which store serves a read under `flags`: `usePgvector` → target; otherwise the target serves
 * `pgvectorReadPercentage` % of reads. With a routing key (user or session id) the choice is
 * sticky: the key's {@link routingPoint} × 100 < percentage. Raising the percentage therefore only
 * moves keys from legacy to target, never back. Without a key, `random()` decides per call.
 */
export function routeRead(flags: FeatureFlags, routingKey?: string, random: () => number = Math.random): 'legacy' | 'target' {
  if (flags.usePgvector) return 'target';
  const percentage = flags.pgvectorReadPercentage;
  if (percentage <= 0) return 'legacy';
  if (percentage >= 100) return 'target';
  const point = routingKey === undefined ? random() : routingPoint(routingKey);
  return point * 100 < percentage ? 'target' : 'legacy';
}
