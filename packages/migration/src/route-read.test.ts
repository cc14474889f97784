import { describe, expect, it } from 'vitest';
import { loadFlags } from './feature-flags.js';
import { routeRead, routingPoint } from './route-read.js';

const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const flagsAt = (pgvectorReadPercentage: number) => loadFlags({}, { pgvectorReadPercentage });

describe('routeRead', () => {
  it('usePgvector wins; 0 % and 100 % are absolute', () => {
    expect(routeRead(loadFlags({}, { usePgvector: true }), 'k')).toBe('target');
    const [none, all] = [flagsAt(0), flagsAt(100)];
    expect(keys.every((k) => routeRead(none, k) === 'legacy')).toBe(true);
    expect(keys.every((k) => routeRead(all, k) === 'target')).toBe(true);
  });

  it.each([10, 50, 90])('sticky routing over 10,000 keys at %i percent lands within ±2 points', (pct) => {
    const flags = flagsAt(pct);
    const share = (keys.filter((k) => routeRead(flags, k) === 'target').length / keys.length) * 100;
    expect(Math.abs(share - pct)).toBeLessThanOrEqual(2);
    // Sticky: the same key gives the same answer every time, whatever the random draw says.
    const first = keys.map((k) => routeRead(flags, k, () => 0));
    expect(keys.map((k) => routeRead(flags, k, () => 0.999))).toEqual(first);
  });

  it('raising 10 → 50 moves no key from target back to legacy (and monotone at every step)', () => {
    const at10 = flagsAt(10);
    const at50 = flagsAt(50);
    const targetAt10 = keys.filter((k) => routeRead(at10, k) === 'target');
    expect(targetAt10.length).toBeGreaterThan(0);
    expect(targetAt10.filter((k) => routeRead(at50, k) === 'legacy')).toEqual([]);
    for (let p = 0; p < 100; p += 10) {
      const [lower, higher] = [flagsAt(p), flagsAt(p + 10)];
      const before = keys.filter((k) => routeRead(lower, k) === 'target');
      expect(before.every((k) => routeRead(higher, k) === 'target')).toBe(true);
    }
  });

  it('routingPoint is stable (fixed value for a fixed key) and in [0, 1)', () => {
    const p = routingPoint('user-42');
    expect(p).toBe(routingPoint('user-42'));
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1);
  });

  it('without a key the random draw decides per call', () => {
    expect(routeRead(flagsAt(30), undefined, () => 0.29)).toBe('target');
    expect(routeRead(flagsAt(30), undefined, () => 0.3)).toBe('legacy');
  });
});
