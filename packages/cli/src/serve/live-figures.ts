import type { CircuitState, MigrationEvent, MigrationEventSource } from '@synapse-rag/migration';

/** A recent low-overlap shadow comparison, as the dashboard lists them. */
export interface LowOverlapEvent {
  at: string;
  operation: string;
  overlap: number;
  primaryIds: string[];
  shadowIds: string[];
  query?: string;
  routingKey?: string;
}

/** Shadow-read figures since the service started. */
export interface ShadowFigures {
  /** Comparisons made (low ones included). */
  compared: number;
  /** Comparisons below the hybrid store's low-overlap threshold. */
  low: number;
  /** Shadow reads that timed out, failed or were unsupported. */
  failed: number;
  /** Mean overlap@k of the comparisons (null before the first). */
  meanOverlap: number | null;
  /** Comparisons per overlap decile: `[0, 0.1)`, … `[0.9, 1]` (10 counts). */
  histogram: number[];
  /** The latest low-overlap comparisons, newest first. */
  latestLow: LowOverlapEvent[];
}

/** A circuit breaker as last reported. */
export interface CircuitFigure {
  state: CircuitState;
  since: string;
  reason: string;
}

/**
 * Live counters from the migration stores' events (hybrid, failover) for `/health` and the
 * `/events` stream: shadow overlap statistics and the latest low-overlap events, dual-write
 * failures, circuit states, the outbox size. Prometheus gets the same events through
 * `createMetrics().observe`; these are the figures a dashboard shows without a Prometheus.
 */
export class LiveFigures {
  dualWriteFailures = 0;
  outboxSize: number | null = null;
  readonly circuits: Record<string, CircuitFigure> = {};
  private readonly shadow = { compared: 0, low: 0, failed: 0, overlapSum: 0, histogram: new Array<number>(10).fill(0) };
  private readonly latestLow: LowOverlapEvent[] = [];

  constructor(private readonly keepLow = 20) {}

  /** Feeds a store's events into the figures; returns the unsubscribe function. */
  observe(source: MigrationEventSource): () => void {
    return source.onEvent((event) => this.record(event));
  }

  record(event: MigrationEvent): void {
    switch (event.type) {
      case 'dual-write:failure':
        this.dualWriteFailures++;
        break;
      case 'outbox:size':
        this.outboxSize = event.size;
        break;
      case 'circuit:state':
        this.circuits[event.breaker] = { state: event.to, since: new Date().toISOString(), reason: event.reason };
        break;
      case 'shadow:failure':
        this.shadow.failed++;
        break;
      case 'shadow:result': {
        const c = event.comparison;
        this.shadow.compared++;
        this.shadow.overlapSum += c.overlap;
        this.shadow.histogram[Math.min(9, Math.floor(c.overlap * 10))]! += 1;
        if (c.low) {
          this.shadow.low++;
          this.latestLow.unshift({
            at: new Date().toISOString(),
            operation: c.operation,
            overlap: c.overlap,
            primaryIds: c.primaryIds,
            shadowIds: c.shadowIds,
            ...(c.query?.text !== undefined ? { query: c.query.text } : {}),
            ...(c.routingKey !== undefined ? { routingKey: c.routingKey } : {}),
          });
          this.latestLow.length = Math.min(this.latestLow.length, this.keepLow);
        }
        break;
      }
      default:
        break;
    }
  }

  shadowFigures(): ShadowFigures {
    const { compared, low, failed, overlapSum, histogram } = this.shadow;
    return {
      compared,
      low,
      failed,
      meanOverlap: compared > 0 ? overlapSum / compared : null,
      histogram: [...histogram],
      latestLow: [...this.latestLow],
    };
  }
}
