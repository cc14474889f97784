import { describe, expect, it } from 'vitest';
import { breakdown, median, percentiles, ratio, recall, throughput } from './stats.js';

describe('percentiles', () => {
  it('takes nearest-rank percentiles regardless of input order', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(percentiles(ms)).toEqual({ p50: 50, p95: 95, p99: 99, mean: 50.5 });
  });

  it('returns the only value for a single measurement and refuses none', () => {
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7, mean: 7 });
    expect(() => percentiles([])).toThrow(RangeError);
  });

  it('rounds the rank up on short lists (p95 of 10 values is the 10th)', () => {
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p95).toBe(10);
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p50).toBe(5);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('recall', () => {
  it('is the share of exact ids found, after the skipped warm-up queries', () => {
    const exact = [['x'], ['a', 'b'], ['c', 'd']];
    const approx = [[], ['a', 'z'], ['d', 'c']];
    expect(recall(exact, approx, 1)).toBe(3 / 4);
    expect(recall(exact, approx)).toBe(3 / 5);
  });
});

describe('throughput and ratio', () => {
  it('counts operations per second of wall-clock time', () => {
    expect(throughput(500, 250)).toBe(2000);
    expect(() => throughput(1, 0)).toThrow(/elapsedMs/);
  });

  it('divides the subject by the baseline', () => {
    expect(ratio(11, 10)).toBeCloseTo(1.1);
    expect(() => ratio(1, 0)).toThrow(/baseline/);
  });
});

describe('breakdown', () => {
  it('averages each component and names the rest of the total other', () => {
    const runs = [
      { embed: 1, retrieve: 4, rerank: 10 },
      { embed: 3, retrieve: 6, rerank: 20 },
    ];
    expect(breakdown(runs, [17, 35])).toEqual({ embed: 2, retrieve: 5, rerank: 15, other: 4 });
  });

  it('refuses runs and totals of different lengths', () => {
    expect(() => breakdown([{ a: 1 }], [])).toThrow(RangeError);
  });
});
