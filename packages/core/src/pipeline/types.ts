import type { TraceEvent, Tracer } from '../tracing/tracer.js';

/** Options of `new Pipeline(...)`. */
export interface PipelineOptions {
  /**
   * How often one component may run in a single `run()` before the run fails with
   * `PipelineMaxRunsError` (guards against loops that never exit). @default 100
   */
  maxRunsPerComponent?: number;
  /** Free-form JSON-safe metadata, kept in `toJSON()` / YAML. @default {} */
  metadata?: Record<string, unknown>;
  /** Receives trace events of every run (in addition to a run's own `tracer`). */
  tracer?: Tracer;
  /** Called when a tracer throws or rejects; tracer failures never break a run. @default ignored */
  onTracerError?: (error: unknown, event: TraceEvent) => void;
}

/** Options of `Pipeline.run(...)`. */
export interface PipelineRunOptions {
  /**
   * Components whose outputs are all returned (latest value per socket), even the ones that
   * feed other components. `'all'` means every component. @default [] (only open outputs)
   */
  includeOutputsFrom?: readonly string[] | 'all';
  /** Cancels the run: scheduling stops, running components see the signal, the run rejects with `PipelineAbortedError`. */
  signal?: AbortSignal;
  /** Receives this run's trace events (in addition to the pipeline's tracer). */
  tracer?: Tracer;
  /** Overrides the pipeline's `maxRunsPerComponent` for this run. */
  maxRunsPerComponent?: number;
  /**
   * Debugging aid: zod-validate every value delivered between components against the sender's
   * output schema and the receiver's input schema. Off by default, because connect-time type
   * checks already cover the declared types and deep validation of large document lists would
   * dominate the engine's overhead. A failure rejects the run with a `ComponentError` of the
   * sending component. @default false
   */
  validateConnections?: boolean;
}

/**
 * Run inputs: either nested `{ component: { socket: value } }`, or flat `{ socket: value }`,
 * where a flat value goes to every open input socket of that name.
 */
export type PipelineInputs = Record<string, unknown>;

/** Run result: `{ component: { outputSocket: value } }`. */
export type PipelineResult = Record<string, Record<string, unknown>>;

export type {
  ComponentOutputs,
  EdgeOf,
  IncludeName,
  KnownComponents,
  PipelineComponents,
  PipelineRunInputs,
  PipelineRunResult,
  SocketAddress,
  WiredEdge,
  WithComponent,
} from './typed-pipeline.js';

/** One connection, as listed by `Pipeline.connections()`. */
export interface PipelineConnection {
  /** `"component.socket"` */
  sender: string;
  /** `"component.socket"` */
  receiver: string;
  senderComponent: string;
  senderSocket: string;
  receiverComponent: string;
  receiverSocket: string;
  /** Label of the sender's output type, e.g. `Document[]`. */
  type: string;
}

/** An open input socket, as listed by `Pipeline.inputs()`. */
export interface PipelineInputInfo {
  /** Type label, e.g. `string`, `Document[]`. */
  type: string;
  /** Whether the run works without a value (socket is optional or has a default). */
  optional: boolean;
  /** The socket's default value, when it has one. */
  default?: unknown;
  /** Fan-in socket: `run` receives an array. */
  variadic: boolean;
}

/** An open output socket, as listed by `Pipeline.outputs()`. */
export interface PipelineOutputInfo {
  type: string;
}
