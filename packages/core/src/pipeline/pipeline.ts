import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { AnyComponent } from '../component/component.js';
import { describeType } from '../component/describe-type.js';
import { defaultRegistry, type Registry } from '../component/registry.js';
import { errorReason } from '../error-reason.js';
import { ComponentError, PipelineConnectError, PipelineValidationError, SerializationError } from '../errors.js';
import type { TraceEvent, Tracer } from '../tracing/tracer.js';
import { contractProblem } from './component-contract.js';
import { isOptionalInput, quoteList } from './format.js';
import { describePipeline, inspectCustom } from './inspect.js';
import { drawMermaid } from './mermaid.js';
import { compilePlan, type Edge, type ExecutionPlan } from './plan.js';
import { prepareInputs } from './prepare-inputs.js';
import { resolveConnection } from './resolve-connection.js';
import { checkMaxRuns, includedNodes } from './run-options.js';
import { combineTracers } from './run-tracer.js';
import { execute } from './scheduler.js';
import { type PipelineDumpOptions, type PipelineJSON, parsePipelineJSON, serializationErrorAt } from './serialization.js';
import { instantiateStores, resolveStoreReferences, serializeComponents } from './store-references.js';
import type {
  EdgeOf,
  IncludeName,
  KnownComponents,
  PipelineComponents,
  PipelineConnection,
  PipelineInputInfo,
  PipelineOptions,
  PipelineOutputInfo,
  PipelineRunInputs,
  PipelineRunOptions,
  PipelineRunResult,
  SocketAddress,
  WithComponent,
} from './types.js';

/** Options of {@link Pipeline.fromJSON} and {@link Pipeline.loads}. */
export interface PipelineLoadOptions {
  /** Where component types are looked up. @default defaultRegistry */
  registry?: Registry;
  /** Tracer of the loaded pipeline (tracers are not serialized). */
  tracer?: Tracer;
  onTracerError?: (error: unknown, event: TraceEvent) => void;
}

const DEFAULT_MAX_RUNS = 100;

/**
 * A graph of components wired socket to socket, run with Haystack 2.x's semantics (concurrent
 * branches, lazy and greedy fan-in, routers, bounded loops, smart connections): see
 * docs/pipelines.md.
 *
 * ```ts
 * const pipeline = new Pipeline()
 *   .addComponent('retriever', new InMemoryBM25Retriever({ store }))
 *   .addComponent('prompt', new PromptBuilder({ template }))
 *   .connect('retriever', 'prompt.documents');
 * const result = await pipeline.run({ retriever: { query }, prompt: { query } });
 * result.prompt.prompt; // string — typed from PromptBuilder's sockets
 * ```
 *
 * Wiring is checked when it is made (`connect`: socket types must be compatible), inputs are
 * checked before anything runs (`run`), and values are not re-validated between components,
 * which keeps the engine's overhead per component hop at a few microseconds.
 *
 * **Typed pipelines.** `Cs` records the components by name and `E` the connections. Each
 * chained `addComponent` / `connect` returns the pipeline typed with one more component or
 * connection, so on a chain built from `new Pipeline()` a misspelled component or socket in
 * `connect`, `run`'s inputs or `includeOutputsFrom` is a type error, and `run()` returns
 * {@link PipelineRunResult}: the open outputs (plus those of `includeOutputsFrom`), present when
 * the component always produces them — `result.joiner.documents` is a `Document[]`; router
 * branches and what they feed are possibly missing. A plain `Pipeline` (the default `Cs`:
 * loaded with `fromJSON`/`loads`, built statement by statement, or annotated so) takes any
 * names and returns the untyped {@link PipelineResult}; read it with `outputOf`. A chained
 * `addComponent` on such a pipeline starts the typed set afresh with only the component it
 * adds. See docs/writing-components.md.
 */
export class Pipeline<Cs extends PipelineComponents = PipelineComponents, E = never> {
  /** Free-form metadata, kept in `toJSON()`. */
  readonly metadata: Record<string, unknown>;
  /** Run limit per component and run (see {@link PipelineOptions.maxRunsPerComponent}). */
  readonly maxRunsPerComponent: number;
  private readonly tracer: Tracer | undefined;
  private readonly onTracerError: ((error: unknown, event: TraceEvent) => void) | undefined;
  private readonly components = new Map<string, AnyComponent>();
  private readonly edges: Edge[] = [];
  private compiled: ExecutionPlan | undefined;
  private readonly warming = new Map<AnyComponent, Promise<void>>();
  private warmedUp = false;

  constructor(options: PipelineOptions = {}) {
    this.maxRunsPerComponent = checkMaxRuns(options.maxRunsPerComponent ?? DEFAULT_MAX_RUNS, 'Pipeline');
    this.metadata = { ...(options.metadata ?? {}) };
    this.tracer = options.tracer;
    this.onTracerError = options.onTracerError;
  }

  /**
   * Adds a component under `name` (non-empty, no dots, unique in this pipeline). Throws
   * {@link PipelineConnectError} for a bad name, a name or component instance already in use,
   * or an object that does not fulfil the component contract (type, sockets, run, toJSON).
   *
   * Returns this pipeline, typed with the added component (see "Typed results" above).
   */
  addComponent<N extends string, C extends AnyComponent>(name: N, component: C): Pipeline<WithComponent<Cs, N, C>, E> {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new PipelineConnectError('Component names must be non-empty strings.', { name });
    }
    if (name.includes('.')) {
      throw new PipelineConnectError(
        `Invalid component name "${name}": names must not contain dots ("." separates component and socket in connect()).`,
        { name },
      );
    }
    if (this.components.has(name)) {
      throw new PipelineConnectError(
        `A component named "${name}" already exists in this pipeline. Components: ${quoteList(this.components.keys())}.`,
        {
          name,
        },
      );
    }
    const problem = contractProblem(component);
    if (problem !== undefined) throw new PipelineConnectError(`Cannot add "${name}": ${problem}.`, { name });
    for (const [other, c] of this.components) {
      if (c === component) {
        throw new PipelineConnectError(
          `Cannot add "${name}": the same component instance is already in this pipeline as "${other}". Create a second instance.`,
          { name, existing: other },
        );
      }
    }
    this.components.set(name, component);
    this.compiled = undefined;
    this.warmedUp = false;
    return this as unknown as Pipeline<WithComponent<Cs, N, C>, E>;
  }

  /**
   * Removes a component and all its connections; returns it. A typed pipeline's type still lists
   * the component and its connections: use a plain `Pipeline` (untyped) when removing components.
   */
  removeComponent(name: string): AnyComponent {
    const component = this.getComponent(name);
    this.components.delete(name);
    for (let i = this.edges.length - 1; i >= 0; i--) {
      const e = this.edges[i]!;
      if (e.senderComponent === name || e.receiverComponent === name) this.edges.splice(i, 1);
    }
    this.warming.delete(component);
    this.compiled = undefined;
    return component;
  }

  /**
   * The component added under `name`; throws {@link PipelineValidationError} listing the names
   * otherwise. A name known to a typed pipeline gives the component's own type.
   */
  getComponent<N extends keyof KnownComponents<Cs> & string>(name: N): Cs[N];
  getComponent<C extends AnyComponent = AnyComponent>(name: string): C;
  getComponent(name: string): AnyComponent {
    const component = this.components.get(name);
    if (!component) {
      throw new PipelineValidationError(`No component named "${name}". Components: ${quoteList(this.components.keys())}.`, {
        name,
      });
    }
    return component;
  }

  /** Component names in the order they were added. */
  componentNames(): string[] {
    return [...this.components.keys()];
  }

  /**
   * Connects an output socket to an input socket: `connect("retriever.documents", "joiner.documents")`.
   * Socket names may be left out (`connect("retriever", "joiner")`) when exactly one pair of
   * sockets has compatible types and a free input (ties are broken by equal socket names).
   * Throws {@link PipelineConnectError} with the sockets of both components and their types
   * when the types are incompatible, the choice is ambiguous, the input already has a sender
   * (only variadic and list sockets fan in) or the pair is already connected. A `string` ↔
   * `ChatMessage` or `T` → `T[]` pair connects through a smart conversion (docs/pipelines.md).
   * Returns `this`.
   */
  connect<S extends SocketAddress<Cs, 'outputSockets'>, R extends SocketAddress<Cs, 'inputSockets'>>(
    sender: S,
    receiver: R,
  ): Pipeline<Cs, E | EdgeOf<Cs, S, R>> {
    this.edges.push(resolveConnection(this.components, this.edges, sender, receiver));
    this.compiled = undefined;
    return this as Pipeline<Cs, E | EdgeOf<Cs, S, R>>;
  }

  /** Every connection in the order it was made. */
  connections(): PipelineConnection[] {
    return this.edges.map((e) => ({
      sender: `${e.senderComponent}.${e.senderSocket}`,
      receiver: `${e.receiverComponent}.${e.receiverSocket}`,
      senderComponent: e.senderComponent,
      senderSocket: e.senderSocket,
      receiverComponent: e.receiverComponent,
      receiverSocket: e.receiverSocket,
      type: e.type,
    }));
  }

  /**
   * Open input sockets (no connection feeds them): what `run()` accepts, per component.
   * Variadic sockets that are connected can still take a value in the nested input form.
   */
  inputs(): Record<string, Record<string, PipelineInputInfo>> {
    const out: Record<string, Record<string, PipelineInputInfo>> = {};
    for (const [name, component] of this.components) {
      for (const [socket, spec] of Object.entries(component.inputSockets)) {
        if (this.edges.some((e) => e.receiverComponent === name && e.receiverSocket === socket)) continue;
        const info: PipelineInputInfo = {
          type: describeType(spec.schema),
          optional: isOptionalInput(spec),
          variadic: spec.variadic === true || spec.variadic === 'greedy',
        };
        if (spec.default !== undefined) info.default = spec.default;
        out[name] = { ...out[name], [socket]: info };
      }
    }
    return out;
  }

  /** Open output sockets (connected to nothing): what `run()` returns, per component. */
  outputs(): Record<string, Record<string, PipelineOutputInfo>> {
    const out: Record<string, Record<string, PipelineOutputInfo>> = {};
    for (const [name, component] of this.components) {
      for (const [socket, spec] of Object.entries(component.outputSockets)) {
        if (this.edges.some((e) => e.senderComponent === name && e.senderSocket === socket)) continue;
        out[name] = { ...out[name], [socket]: { type: describeType(spec.schema) } };
      }
    }
    return out;
  }

  private plan(): ExecutionPlan {
    this.compiled ??= compilePlan(this.components, this.edges);
    return this.compiled;
  }

  /**
   * Calls every component's `warmUp()` once, concurrently. Idempotent: later calls (and `run`,
   * which warms up automatically) do not call it again; a failed warm-up is retried next time.
   * Failures reject with {@link ComponentError}.
   */
  async warmUp(): Promise<void> {
    await Promise.all([...this.components].map(([name, component]) => this.warmOne(name, component)));
    this.warmedUp = true;
  }

  private warmOne(name: string, component: AnyComponent): Promise<void> {
    if (typeof component.warmUp !== 'function') return Promise.resolve();
    let pending = this.warming.get(component);
    if (!pending) {
      pending = (async () => {
        try {
          await component.warmUp!();
        } catch (error) {
          this.warming.delete(component);
          throw new ComponentError(name, component.type, error);
        }
      })();
      this.warming.set(component, pending);
    }
    return pending;
  }

  /**
   * Runs the pipeline.
   *
   * **Inputs** are nested — `{ retriever: { query: 'x' } }` — or flat — `{ query: 'x' }`, which
   * delivers the value to every *open* input socket named `query`. When every key is a
   * component name the form is nested; mixing both forms is an error.
   *
   * **Validation before anything runs** ({@link PipelineValidationError}, listing every problem
   * and the valid choices): unknown component or socket, a flat name matching no open socket,
   * a value for a socket already fed by a connection (unless variadic or a list), a mandatory input with
   * neither sender nor value, and each value parsed with its socket's zod schema (the parsed
   * value is what the component receives).
   *
   * **Scheduling, fan-in, loops, smart connections and the result** follow Haystack 2.x's run
   * semantics; docs/pipelines.md is the one place that explains them (and lists the few
   * deliberate differences). In short: the result holds, per component, the last run's outputs
   * that are connected to nothing (all of them for components in `includeOutputsFrom`); a run
   * in which no component can start rejects with `PipelineComponentsBlockedError`.
   *
   * **Failures**: a component that throws rejects the run with {@link ComponentError} (cause:
   * the original error; components still running see their `ctx.signal` aborted); running a
   * component more than `maxRunsPerComponent` times rejects with `PipelineMaxRunsError`;
   * aborting `signal` rejects with `PipelineAbortedError` and stops scheduling. A component
   * returning a non-object or an undeclared output key fails with {@link ComponentError}.
   *
   * Values passed between components are not re-validated (connect-time type checks cover
   * them); set `validateConnections: true` to zod-check every delivery while debugging.
   */
  async run<const Inc extends readonly IncludeName<Cs>[] | 'all' = readonly []>(
    inputs: PipelineRunInputs<Cs> = {},
    options: PipelineRunOptions & { includeOutputsFrom?: Inc } = {},
  ): Promise<PipelineRunResult<Cs, E, Inc extends 'all' ? keyof Cs : Inc[number]>> {
    const plan = this.plan();
    const maxRuns =
      options.maxRunsPerComponent === undefined
        ? this.maxRunsPerComponent
        : checkMaxRuns(options.maxRunsPerComponent, 'Pipeline.run');
    const include = includedNodes(plan, options.includeOutputsFrom);
    const prepared = prepareInputs(plan, inputs);
    if (!this.warmedUp) await this.warmUp();

    const tracer = combineTracers(this.tracer, options.tracer, this.onTracerError);
    const runId = tracer ? globalThis.crypto.randomUUID() : '';
    const t0 = tracer ? performance.now() : 0;
    tracer?.onEvent({ type: 'pipeline:start', runId, time: Date.now(), inputs: prepared.nested });
    try {
      const result = await execute(plan, prepared, {
        maxRunsPerComponent: maxRuns,
        include,
        signal: options.signal,
        tracer,
        runId,
        validateConnections: options.validateConnections === true,
      });
      tracer?.onEvent({ type: 'pipeline:end', runId, time: Date.now(), durationMs: performance.now() - t0 });
      return result as PipelineRunResult<Cs, E, Inc extends 'all' ? keyof Cs : Inc[number]>;
    } catch (error) {
      tracer?.onEvent({ type: 'pipeline:end', runId, time: Date.now(), durationMs: performance.now() - t0, error });
      throw error;
    }
  }

  /** What `console.log` and the Node REPL print: a summary, not the private fields (see `describePipeline`). */
  [inspectCustom](): string {
    return describePipeline(this);
  }

  /**
   * Mermaid `graph TD` text: components (name and type), connections labeled `out → in` with
   * their type (fan-in inputs marked `(variadic)`), and `inputs` / `outputs` pseudo-nodes for the
   * open sockets. Offline: paste it into any Mermaid renderer.
   */
  draw(): string {
    return drawMermaid(this.components, this.edges);
  }

  /**
   * `{ metadata, maxRunsPerComponent, stores?, components: { name: component.toJSON() }, connections }`.
   * A store held by components is written once under `stores` and referred to as `{ $store: name }`
   * (see `store-references.ts`); `options.includeDocuments` saves in-memory stores' documents.
   */
  toJSON(options?: PipelineDumpOptions): PipelineJSON {
    // JSON.stringify(pipeline) calls toJSON(key) with a string
    const { stores, components } = serializeComponents(this.components, typeof options === 'object' ? options : {});
    return {
      metadata: JSON.parse(JSON.stringify(this.metadata)) as Record<string, unknown>,
      maxRunsPerComponent: this.maxRunsPerComponent,
      ...(stores === undefined ? {} : { stores }),
      components,
      connections: this.edges.map((e) => ({
        sender: `${e.senderComponent}.${e.senderSocket}`,
        receiver: `${e.receiverComponent}.${e.receiverSocket}`,
      })),
    };
  }

  /**
   * Rebuilds a pipeline from {@link Pipeline.toJSON} output. The shape is validated first; each
   * component is created through `registry` (import the packages that define the types first)
   * and every connection is re-made with the usual checks. Throws {@link SerializationError}
   * naming the path of the first problem (`components.retriever`, `connections[2]`...).
   */
  static fromJSON(json: unknown, options: PipelineLoadOptions = {}): Pipeline {
    const data = parsePipelineJSON(json);
    const registry = options.registry ?? defaultRegistry;
    const pipelineOptions: PipelineOptions = { metadata: data.metadata, maxRunsPerComponent: data.maxRunsPerComponent };
    if (options.tracer) pipelineOptions.tracer = options.tracer;
    if (options.onTracerError) pipelineOptions.onTracerError = options.onTracerError;
    const pipeline = new Pipeline(pipelineOptions);
    const stores = instantiateStores(data.stores, registry);
    for (const [name, spec] of Object.entries(data.components)) {
      const path = `components.${name}`;
      const options = resolveStoreReferences(spec.options, stores, `${path}.options`);
      let component: AnyComponent;
      try {
        component = registry.createComponent({ type: spec.type, options });
      } catch (error) {
        throw serializationErrorAt(path, error);
      }
      try {
        pipeline.addComponent(name, component);
      } catch (error) {
        throw serializationErrorAt(path, error);
      }
    }
    data.connections.forEach((c, i) => {
      try {
        pipeline.connect(c.sender, c.receiver);
      } catch (error) {
        throw serializationErrorAt(`connections[${i}]`, error);
      }
    });
    return pipeline;
  }

  /** The pipeline as YAML (same content as {@link toJSON}, same options). */
  dumps(options: PipelineDumpOptions = {}): string {
    return stringifyYaml(this.toJSON(options));
  }

  /** Loads a pipeline from {@link dumps} output. Malformed YAML raises {@link SerializationError}. */
  static loads(yaml: string, options: PipelineLoadOptions = {}): Pipeline {
    let json: unknown;
    try {
      json = parseYaml(yaml);
    } catch (error) {
      throw new SerializationError(`Invalid pipeline YAML: ${errorReason(error)}`);
    }
    return Pipeline.fromJSON(json, options);
  }
}
