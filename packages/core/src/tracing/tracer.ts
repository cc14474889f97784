/** Events a pipeline emits while running; subscribe with a {@link Tracer}. */
export type TraceEvent =
  | { type: 'pipeline:start'; runId: string; time: number; inputs: Record<string, Record<string, unknown>> }
  | { type: 'pipeline:end'; runId: string; time: number; durationMs: number; error?: unknown }
  | {
      type: 'component:start';
      runId: string;
      time: number;
      component: string;
      componentType: string;
      visit: number;
      inputs: Record<string, unknown>;
    }
  | {
      type: 'component:end';
      runId: string;
      time: number;
      component: string;
      componentType: string;
      visit: number;
      durationMs: number;
      outputs: Record<string, unknown>;
    }
  | {
      type: 'component:error';
      runId: string;
      time: number;
      component: string;
      componentType: string;
      visit: number;
      durationMs: number;
      error: unknown;
    };

/**
 * Receives trace events. Keep handlers fast and non-throwing: a throwing tracer is reported
 * through `onTracerError` (default: ignored) and never breaks a run.
 */
export interface Tracer {
  onEvent(event: TraceEvent): void;
}

/** A tracer that does nothing. */
export const NOOP_TRACER: Tracer = { onEvent() {} };
