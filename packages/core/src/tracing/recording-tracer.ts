import type { TraceEvent, TraceEventType, Tracer } from './tracer.js';

/**
 * Collects every event in memory, in emission order. Meant for tests and debugging:
 * `tracer.events`, `tracer.ofType('component:end')`, `tracer.componentOrder()`.
 */
export class RecordingTracer implements Tracer {
  readonly events: TraceEvent[] = [];

  onEvent(event: TraceEvent): void {
    this.events.push(event);
  }

  /** Events of one type, typed accordingly. */
  ofType<T extends TraceEventType>(type: T): Extract<TraceEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
  }

  /** Component names in the order they started (one entry per visit). */
  componentOrder(): string[] {
    return this.ofType('component:start').map((e) => e.component);
  }

  /** A compact `type:component` log, e.g. `["pipeline:start", "component:start:a", ...]`. */
  timeline(): string[] {
    return this.events.map((e) => ('component' in e ? `${e.type}:${e.component}` : e.type));
  }

  clear(): void {
    this.events.length = 0;
  }
}
