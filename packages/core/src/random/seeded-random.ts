/**
 * A seeded pseudo-random generator (mulberry32): values in [0, 1), the same sequence for the same
 * seed on every run and platform. For reproducible test data, sampling and generated fixtures;
 * not for anything secret.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const vector = Array.from({ length: 8 }, () => random() * 2 - 1);
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
