import type { SerializedObject } from '../store/document-store.js';
import type { Tracer } from '../tracing/tracer.js';
import type { InputSockets, OutputSockets } from './socket.js';

/** Per-run context handed to `run`: components never read globals. */
export interface RunContext {
  /** Aborted when the pipeline run is cancelled; pass it on to I/O. */
  signal: AbortSignal;
  tracer: Tracer;
  /** The name the component has in the running pipeline (or its type when run standalone). */
  componentName: string;
}

/** Serialised component: `{ type, options }`. */
export type ComponentJSON = SerializedObject;

/**
 * The component contract. Implementations usually extend {@link BaseComponent}; any object
 * with this shape can be added to a pipeline.
 */
export interface Component<
  I extends Record<string, unknown> = Record<string, unknown>,
  O extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Registered type name, e.g. `"core.DocumentJoiner"`. */
  readonly type: string;
  readonly inputSockets: InputSockets;
  readonly outputSockets: OutputSockets;
  run(inputs: I, ctx: RunContext): Promise<O>;
  /** Loads heavy resources (models, connections). Idempotent. Called by `Pipeline.warmUp()`. */
  warmUp?(): Promise<void>;
  toJSON(): ComponentJSON;
}

// biome-ignore lint/suspicious/noExplicitAny: the erased component type used by containers.
export type AnyComponent = Component<any, any>;

/** Builds a default RunContext for running a component outside a pipeline. */
export function standaloneContext(componentName: string, signal?: AbortSignal, tracer?: Tracer): RunContext {
  return { componentName, signal: signal ?? new AbortController().signal, tracer: tracer ?? { onEvent() {} } };
}
