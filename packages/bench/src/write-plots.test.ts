import { describe, expect, it } from 'vitest';
import { rateRows } from './write-plots.js';

describe('rateRows (migration docs/s over time)', () => {
  it('gives each commit the rate over the last 5 batches and the cumulative rate', () => {
    // batches of 1000 committed every second, except the 6th which took 3 s
    const seconds = [1, 2, 3, 4, 5, 8, 9];
    const rows = rateRows({
      date: 'd',
      dimension: 4,
      batchSize: 1000,
      series: [{ corpus: 'c', load: [0, 0], points: seconds.map((s, i) => ({ seconds: s, done: (i + 1) * 1000 })) }],
    });
    const rolling = rows.filter((r) => String(r.corpus).endsWith('last 5 batches')).map((r) => r.docsPerSec);
    const total = rows.filter((r) => String(r.corpus).endsWith('since the start')).map((r) => r.docsPerSec);
    // first five points: from the start; then 5000 docs over the window (8 − 1 = 7 s, 9 − 2 = 7 s)
    expect(rolling).toEqual([1000, 1000, 1000, 1000, 1000, 5000 / 7, 5000 / 7]);
    expect(total).toEqual([1000, 1000, 1000, 1000, 1000, 6000 / 8, 7000 / 9]);
  });
});
