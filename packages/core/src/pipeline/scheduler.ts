import type { RunContext } from '../component/component.js';
import {
  ComponentError,
  PipelineAbortedError,
  PipelineComponentsBlockedError,
  PipelineMaxRunsError,
  PipelineValidationError,
} from '../errors.js';
import type { Tracer } from '../tracing/tracer.js';
import { consumeInputs, createRunState, type RunState, writeOutputs } from './fan-in.js';
import { quoteList } from './format.js';
import type { ExecutionPlan, PlanNode, PlanTarget } from './plan.js';
import type { PreparedInputs } from './prepare-inputs.js';
import { Priority, priorityOf } from './readiness.js';
import type { PipelineResult } from './types.js';

/** What `execute` needs besides the plan and the inputs. */
export interface ExecuteOptions {
  maxRunsPerComponent: number;
  /** Node indices whose outputs are all returned. */
  include: ReadonlySet<number>;
  signal: AbortSignal | undefined;
  /** `undefined` when nobody listens: then no event object is even built. */
  tracer: Tracer | undefined;
  runId: string;
  validateConnections: boolean;
}

const now = (): number => performance.now();

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object of another kind' : `a ${typeof value}`;
}

/** Components that hold inputs but cannot run (all of them when none holds any). */
function blockedComponents(plan: ExecutionPlan, state: RunState): string[] {
  const waiting = plan.byNameOrder.filter((i) => state.sockets[i]!.some((list) => list.length > 0));
  return (waiting.length > 0 ? waiting : plan.byNameOrder).map((i) => plan.nodes[i]!.name);
}

/**
 * The next wave (docs/pipelines.md, "When a component runs"): every Highest and Ready
 * component, Highest first, then by name; if there is none, the one Deferred component that
 * comes first in topological order. Empty when nothing can run.
 */
function nextWave(plan: ExecutionPlan, state: RunState): PlanNode[] {
  const highest: PlanNode[] = [];
  const ready: PlanNode[] = [];
  let deferred: PlanNode | undefined;
  for (const i of plan.byNameOrder) {
    const node = plan.nodes[i]!;
    const p = priorityOf(state, node);
    if (p === Priority.Highest) highest.push(node);
    else if (p === Priority.Ready) ready.push(node);
    else if (p === Priority.Defer && (deferred === undefined || node.rank < deferred.rank)) deferred = node;
  }
  if (highest.length > 0) {
    for (const node of ready) highest.push(node);
    return highest;
  }
  if (ready.length > 0) return ready;
  return deferred ? [deferred] : [];
}

/**
 * Runs a compiled plan wave by wave. The components of a wave run concurrently; their outputs
 * are delivered when the whole wave has finished, in the wave's order, so what a component
 * receives never depends on which branch finished first.
 */
export function execute(plan: ExecutionPlan, prepared: PreparedInputs, options: ExecuteOptions): Promise<PipelineResult> {
  const { nodes } = plan;
  const { tracer, runId, include, maxRunsPerComponent, validateConnections } = options;
  const state = createRunState(plan, prepared);
  const { visits } = state;
  const result: PipelineResult = {};
  const internal = new AbortController();
  const userSignal = options.signal;
  const startedAt = new Float64Array(nodes.length);
  const contexts: (RunContext | undefined)[] = new Array(nodes.length);
  const context = (node: PlanNode): RunContext =>
    (contexts[node.index] ??= { signal: internal.signal, tracer: tracer ?? { onEvent() {} }, componentName: node.name });

  let finished = false;
  let settle: { resolve: (r: PipelineResult) => void; reject: (e: unknown) => void } = { resolve() {}, reject() {} };
  let wave: PlanNode[] = [];
  let waveOutputs: Record<string, unknown>[] = [];
  let remaining = 0;

  /** `validateConnections`: zod-checks a value against its sender's and its receiver's schemas. */
  const validateDelivery = (node: PlanNode, socket: string, t: PlanTarget, value: unknown): void => {
    const receiver = nodes[t.node]!;
    const input = receiver.inputs[t.input]!;
    if (t.edge.conversion === undefined) {
      const own = node.component.outputSockets[socket]!.schema.safeParse(value);
      if (!own.success) {
        throw new ComponentError(
          node.name,
          node.type,
          new PipelineValidationError(
            `output "${socket}" does not match its declared schema: ${own.error.issues.map((i) => i.message).join('; ')}`,
          ),
        );
      }
    }
    const parsed = input.spec.schema.safeParse(value);
    if (!parsed.success) {
      throw new ComponentError(
        node.name,
        node.type,
        new PipelineValidationError(
          `value sent from ${node.name}.${socket} to ${receiver.name}.${input.name} is rejected by the receiver's schema: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        ),
      );
    }
  };
  const check = validateConnections ? validateDelivery : undefined;

  /** Checks the shape of what `run` resolved to; throws {@link ComponentError} when it is wrong. */
  const checkOutputs = (node: PlanNode, value: unknown): Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ComponentError(
        node.name,
        node.type,
        new TypeError(`run() must resolve to an object keyed by output socket, got ${describeValue(value)}.`),
      );
    }
    const outputs = value as Record<string, unknown>;
    for (const key in outputs) {
      if (!node.targets.has(key)) {
        throw new ComponentError(
          node.name,
          node.type,
          new TypeError(
            `run() returned output "${key}", which is not a declared output socket. Declared outputs: ${quoteList(node.targets.keys())}.`,
          ),
        );
      }
    }
    return outputs;
  };

  /** Records a run's outputs in the result (Haystack: the last run's open outputs, or all of them). */
  const recordResult = (node: PlanNode, outputs: Record<string, unknown>): void => {
    const all = include.has(node.index);
    let own: Record<string, unknown> | undefined;
    for (const key in outputs) {
      const v = outputs[key];
      if (v === undefined || (!all && node.targets.get(key)!.length > 0)) continue;
      own ??= {};
      own[key] = v;
    }
    if (own !== undefined) result[node.name] = own;
    else if (all) result[node.name] = {};
  };

  const cleanup = (): void => {
    finished = true;
    userSignal?.removeEventListener('abort', onAbort);
  };
  const fail = (error: unknown): void => {
    if (finished) return;
    cleanup();
    // Stop components still running (they see an aborted signal); their results are ignored.
    if (!internal.signal.aborted) internal.abort(error);
    settle.reject(error);
  };
  const onAbort = (): void => {
    if (finished) return;
    internal.abort(userSignal?.reason);
    fail(new PipelineAbortedError(userSignal?.reason));
  };

  const componentFailure = (node: PlanNode, error: unknown): Error => {
    if (userSignal?.aborted) return new PipelineAbortedError(userSignal.reason);
    if (error instanceof PipelineAbortedError) return error;
    return new ComponentError(node.name, node.type, error);
  };

  /** Reports a settled component run (built field by field: this is on the hot path). */
  const traceSettled = (node: PlanNode, outputs: Record<string, unknown> | undefined, error?: unknown): void => {
    if (!tracer) return;
    const i = node.index;
    const time = Date.now();
    const durationMs = now() - startedAt[i]!;
    const visit = visits[i]!;
    tracer.onEvent(
      outputs !== undefined
        ? { type: 'component:end', runId, time, component: node.name, componentType: node.type, visit, durationMs, outputs }
        : { type: 'component:error', runId, time, component: node.name, componentType: node.type, visit, durationMs, error },
    );
  };

  const complete = (position: number, ok: boolean, value: unknown): void => {
    if (finished) return;
    const node = wave[position]!;
    if (!ok) {
      traceSettled(node, undefined, value);
      fail(componentFailure(node, value));
      return;
    }
    let outputs: Record<string, unknown>;
    try {
      outputs = checkOutputs(node, value);
    } catch (error) {
      traceSettled(node, undefined, error);
      fail(error);
      return;
    }
    traceSettled(node, outputs);
    waveOutputs[position] = outputs;
    if (--remaining > 0) return;
    try {
      // Deliver in the wave's order: fan-in order is the order in which the senders were scheduled.
      for (let p = 0; p < wave.length; p++) {
        const sender = wave[p]!;
        const out = waveOutputs[p]!;
        writeOutputs(state, plan, sender, out, check);
        recordResult(sender, out);
      }
      step(false);
    } catch (error) {
      fail(error);
    }
  };

  const start = (node: PlanNode, position: number): void => {
    const i = node.index;
    const inputs = consumeInputs(state, node);
    const visit = ++visits[i]!;
    if (tracer) {
      tracer.onEvent({
        type: 'component:start',
        runId,
        time: Date.now(),
        component: node.name,
        componentType: node.type,
        visit,
        inputs,
      });
      startedAt[i] = now();
    }
    let promise: Promise<unknown>;
    try {
      promise = Promise.resolve(node.component.run(inputs, context(node)));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (v) => complete(position, true, v),
      (e) => complete(position, false, e),
    );
  };

  /** Picks and starts the next wave, or settles the run when nothing can run. */
  function step(first: boolean): void {
    const next = nextWave(plan, state);
    if (next.length === 0) {
      if (first && nodes.length > 0) throw new PipelineComponentsBlockedError(blockedComponents(plan, state));
      cleanup();
      settle.resolve(result);
      return;
    }
    for (const node of next) {
      if (visits[node.index]! >= maxRunsPerComponent) throw new PipelineMaxRunsError(node.name, maxRunsPerComponent);
    }
    wave = next;
    waveOutputs = new Array(next.length);
    remaining = next.length;
    for (let p = 0; p < next.length; p++) start(next[p]!, p);
  }

  return new Promise<PipelineResult>((resolve, reject) => {
    settle = { resolve, reject };
    if (userSignal?.aborted) {
      finished = true;
      reject(new PipelineAbortedError(userSignal.reason));
      return;
    }
    userSignal?.addEventListener('abort', onAbort, { once: true });
    try {
      step(true);
    } catch (error) {
      fail(error);
    }
  });
}
