import type { SerializedObject } from '../store/document-store.js';
import type { Tracer } from '../tracing/tracer.js';
import type { InputSockets, OutputSockets, RunInputs, RunOutputs } from './socket.js';

/** Per-run context handed to `run`: components never read globals. */
export interface RunContext {
  /** Aborted when the pipeline run is cancelled; pass it on to I/O. */
  signal: AbortSignal;
  tracer: Tracer;
  /** The name the component has in the running pipeline (or its type when run standalone). */
  componentName: string;
}

/** Serialized component: `{ type, options }`. */
export type ComponentJSON = SerializedObject;

/**
 * The component contract: a type name, declared sockets, and a `run` typed FROM those sockets
 * (`I` / `O` are the socket declarations, so the declaration is the single source of truth).
 * Implementations usually come from {@link defineComponent} or extend {@link BaseComponent};
 * any object with this shape can be added to a pipeline.
 */
export interface Component<I extends InputSockets = InputSockets, O extends OutputSockets = OutputSockets> {
  /** Registered type name, e.g. `"core.DocumentJoiner"`. */
  readonly type: string;
  readonly inputSockets: I;
  readonly outputSockets: O;
  run(inputs: RunInputs<I>, ctx: RunContext): Promise<RunOutputs<O>>;
  /** Loads heavy resources (models, connections). Idempotent. Called by `Pipeline.warmUp()`. */
  warmUp?(): Promise<void>;
  toJSON(): ComponentJSON;
}

/**
 * A component whose sockets are not known to the type system (containers, registries, loaded
 * pipelines): `run` takes and returns records of `unknown` values.
 */
export type AnyComponent = Component;

/** Builds a default RunContext for running a component outside a pipeline. */
export function standaloneContext(componentName: string, signal?: AbortSignal, tracer?: Tracer): RunContext {
  return { componentName, signal: signal ?? new AbortController().signal, tracer: tracer ?? { onEvent() {} } };
}
