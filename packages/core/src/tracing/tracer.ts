/** What every component event of a run carries: which component, of which type, on which visit. */
interface ComponentEventFields {
  runId: string;
  time: number;
  component: string;
  componentType: string;
  /** 1 on the component's first run in this pipeline run, 2 on the second (loops), … */
  visit: number;
}

/** Events a pipeline emits while running; subscribe with a {@link Tracer}. */
export type TraceEvent =
  | { type: 'pipeline:start'; runId: string; time: number; inputs: Record<string, Record<string, unknown>> }
  | { type: 'pipeline:end'; runId: string; time: number; durationMs: number; error?: unknown }
  | ({ type: 'component:start'; inputs: Record<string, unknown> } & ComponentEventFields)
  | ({ type: 'component:end'; durationMs: number; outputs: Record<string, unknown> } & ComponentEventFields)
  | ({ type: 'component:error'; durationMs: number; error: unknown } & ComponentEventFields);

/**
 * Receives trace events. Keep handlers fast and non-throwing: an error thrown (or a promise
 * rejected) by `onEvent` is reported to the pipeline's `onTracerError` option (default: ignored)
 * and never breaks a run. `time` is `Date.now()`; `durationMs` comes from `performance.now()`.
 */
export interface Tracer {
  onEvent(event: TraceEvent): void;
}

/** A tracer that does nothing. */
export const NOOP_TRACER: Tracer = { onEvent() {} };

/** The `type` field of a {@link TraceEvent}. */
export type TraceEventType = TraceEvent['type'];

/**
 * Calls `tracer.onEvent(event)` and contains whatever it throws or rejects with: such errors
 * go to `onError` (which itself must not throw; its own errors are swallowed).
 */
export function emitTraceEvent(tracer: Tracer, event: TraceEvent, onError?: (error: unknown, event: TraceEvent) => void): void {
  try {
    const result: unknown = tracer.onEvent(event);
    if (result !== undefined && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, (error: unknown) => report(onError, error, event));
    }
  } catch (error) {
    report(onError, error, event);
  }
}

function report(onError: ((error: unknown, event: TraceEvent) => void) | undefined, error: unknown, event: TraceEvent): void {
  if (!onError) return;
  try {
    onError(error, event);
  } catch {
    // A failing error reporter must not break the run either.
  }
}

/** A tracer that forwards every event to each of `tracers` (each one isolated from the others). */
export function combineTracers(...tracers: Tracer[]): Tracer {
  return {
    onEvent(event) {
      for (const t of tracers) emitTraceEvent(t, event);
    },
  };
}
