import type { TraceEvent, Tracer } from './tracer.js';

/** Options of {@link LoggingTracer}. */
export interface LoggingTracerOptions {
  /** Also log `component:start` and `pipeline:start` lines. @default true */
  logStarts?: boolean;
  /** Prefix of every line. @default "[synapse]" */
  prefix?: string;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Formats one event as a single human-readable line (without prefix). */
export function formatTraceEvent(event: TraceEvent): string {
  const run = event.runId.slice(0, 8);
  switch (event.type) {
    case 'pipeline:start':
      return `run ${run} start (inputs for: ${Object.keys(event.inputs).join(', ') || 'none'})`;
    case 'pipeline:end':
      return `run ${run} ${event.error === undefined ? 'done' : `FAILED (${errorText(event.error)})`} in ${ms(event.durationMs)}`;
    case 'component:start':
      return `run ${run} ${event.component} (${event.componentType}) #${event.visit} start`;
    case 'component:end':
      return `run ${run} ${event.component} (${event.componentType}) #${event.visit} done in ${ms(event.durationMs)} → ${Object.keys(event.outputs).join(', ') || 'no outputs'}`;
    case 'component:error':
      return `run ${run} ${event.component} (${event.componentType}) #${event.visit} FAILED in ${ms(event.durationMs)}: ${errorText(event.error)}`;
  }
}

/**
 * Writes one line per event to `log` (e.g. `console.error`, a pino logger's `info`).
 * Values (inputs/outputs) are never logged, only socket names, so documents and secrets
 * stay out of logs.
 */
export class LoggingTracer implements Tracer {
  private readonly logStarts: boolean;
  private readonly prefix: string;

  constructor(
    private readonly log: (line: string) => void,
    options: LoggingTracerOptions = {},
  ) {
    this.logStarts = options.logStarts ?? true;
    this.prefix = options.prefix ?? '[synapse]';
  }

  onEvent(event: TraceEvent): void {
    if (!this.logStarts && (event.type === 'component:start' || event.type === 'pipeline:start')) return;
    this.log(`${this.prefix} ${formatTraceEvent(event)}`);
  }
}
