import { emitTraceEvent, type TraceEvent, type Tracer } from '../tracing/tracer.js';

/**
 * The tracer of one run: the pipeline's and the run's (both, when both are given). Every event
 * goes through `emitTraceEvent`, so a throwing tracer never breaks the run (`onError` hears of it).
 * `undefined` when nobody listens, so the scheduler builds no event at all.
 */
export function combineTracers(
  own: Tracer | undefined,
  extra: Tracer | undefined,
  onError: ((error: unknown, event: TraceEvent) => void) | undefined,
): Tracer | undefined {
  if (own && extra) {
    return {
      onEvent(event) {
        emitTraceEvent(own, event, onError);
        emitTraceEvent(extra, event, onError);
      },
    };
  }
  const only = own ?? extra;
  return only ? { onEvent: (event) => emitTraceEvent(only, event, onError) } : undefined;
}
