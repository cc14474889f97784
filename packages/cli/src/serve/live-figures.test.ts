import type { MigrationEvent } from '@synapse-rag/migration';
import { describe, expect, it } from 'vitest';
import { shadowComparison } from '../../test/serve-client.js';
import { LiveFigures } from './live-figures.js';

describe('LiveFigures', () => {
  it('keeps shadow overlap statistics, the latest low-overlap events, failures, circuits and the outbox size', () => {
    const figures = new LiveFigures(2);
    const events: MigrationEvent[] = [
      { type: 'shadow:result', comparison: shadowComparison(1, false, 'q1') },
      { type: 'shadow:result', comparison: shadowComparison(0.2, true, 'q2') },
      { type: 'shadow:result', comparison: shadowComparison(0.25, true, 'q3') },
      { type: 'shadow:result', comparison: shadowComparison(0, true, 'q4') },
      { type: 'shadow:failure', reason: 'timeout', operation: 'embeddingRetrieval', shadow: 'target' },
      { type: 'dual-write:failure', role: 'legacy', operation: 'writeDocuments', error: new Error('x'), outboxed: true },
      { type: 'outbox:size', size: 3 },
      { type: 'circuit:state', breaker: 'primary', from: 'closed', to: 'open', reason: '3 consecutive failures' },
    ];
    for (const e of events) figures.record(e);
    const shadow = figures.shadowFigures();
    expect(shadow).toMatchObject({ compared: 4, low: 3, failed: 1 });
    expect(shadow.meanOverlap).toBeCloseTo(1.45 / 4);
    expect(shadow.histogram).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 0, 1]);
    expect(shadow.latestLow.map((e) => e.query)).toEqual(['q4', 'q3']);
    expect(figures.dualWriteFailures).toBe(1);
    expect(figures.outboxSize).toBe(3);
    expect(figures.circuits.primary).toMatchObject({ state: 'open', reason: '3 consecutive failures' });
  });
});
