import type { RunContext } from '../component/component.js';
import { ComponentError, PipelineAbortedError, PipelineMaxRunsError, PipelineValidationError } from '../errors.js';
import type { Tracer } from '../tracing/tracer.js';
import { quoteList } from './format.js';
import type { ExecutionPlan, PlanNode, PlanTarget } from './plan.js';
import { EMPTY, type PreparedInputs, type Slot } from './prepare-inputs.js';
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

/**
 * Runs a compiled plan. The scheduling rules (see `Pipeline.run` for the user-facing version):
 *
 * The graph is condensed into strongly connected components (SCCs), numbered in topological
 * order. A component X is **ready** when
 * (a) every mandatory input socket holds a value (variadic: at least one; optional or defaulted
 *     sockets never block),
 * (b) X has not run yet, or received new values from connections since its last run, and
 * (c) no component in an SCC strictly upstream of X's SCC is ready or running.
 * All ready components start together and run concurrently. When X finishes, the values it got
 * from connections are consumed (pipeline-level inputs stay, so loops can re-read them) and
 * each produced output is delivered to its receivers; an output key that is absent (or
 * `undefined`) is "not produced" and its receivers get nothing. The run ends when nothing is
 * ready or running; components whose mandatory inputs never arrived simply do not run.
 */
export function execute(plan: ExecutionPlan, prepared: PreparedInputs, options: ExecuteOptions): Promise<PipelineResult> {
  const { nodes, sccCount, sccPredecessors, sccMembers } = plan;
  const n = nodes.length;
  const { tracer, runId, include, maxRunsPerComponent, validateConnections } = options;
  const pipelineValues = prepared.values;
  // Values delivered by connections: non-variadic sockets hold one value (latest wins),
  // variadic sockets one list per connection (in connection order).
  const connValues: Slot[][] = nodes.map((node) => node.inputs.map((i) => (i.variadic ? null : EMPTY)));
  const variadicSlots: (unknown[][] | null)[][] = nodes.map((node) =>
    node.inputs.map((i) => (i.variadic ? Array.from({ length: i.senderCount }, () => []) : null)),
  );
  const fresh = new Uint8Array(n);
  const running = new Uint8Array(n);
  const visits = new Uint32Array(n);
  const result: PipelineResult = {};
  const sccRunning = new Uint32Array(sccCount);
  const sccActive = new Uint8Array(sccCount);
  const sccBlocked = new Uint8Array(sccCount);
  const toStart: PlanNode[] = [];

  const internal = new AbortController();
  const userSignal = options.signal;
  // Per-node settlement handlers, made once per run rather than once per component run.
  const startedAt = new Float64Array(n);
  const onResolved = nodes.map((node) => (value: unknown) => complete(node, true, value));
  const onRejected = nodes.map((node) => (error: unknown) => complete(node, false, error));
  const contexts: RunContext[] = nodes.map((node) => ({
    signal: internal.signal,
    tracer: tracer ?? { onEvent() {} },
    componentName: node.name,
  }));

  let runningCount = 0;
  let finished = false;
  let settle: { resolve: (r: PipelineResult) => void; reject: (e: unknown) => void } = { resolve() {}, reject() {} };

  const isReady = (node: PlanNode): boolean => {
    const i = node.index;
    if (fresh[i] === 0 && visits[i]! > 0) return false;
    const inputs = node.inputs;
    const conn = connValues[i]!;
    const pipe = pipelineValues[i]!;
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k]!;
      if (!input.mandatory) continue;
      if (pipe[k] !== EMPTY) continue;
      if (input.variadic) {
        const slots = variadicSlots[i]![k]!;
        let any = false;
        for (const s of slots) {
          if (s.length > 0) {
            any = true;
            break;
          }
        }
        if (!any) return false;
      } else if (conn[k] === EMPTY) {
        return false;
      }
    }
    return true;
  };

  const collectInputs = (node: PlanNode): Record<string, unknown> => {
    const i = node.index;
    const inputs: Record<string, unknown> = {};
    const conn = connValues[i]!;
    const pipe = pipelineValues[i]!;
    for (let k = 0; k < node.inputs.length; k++) {
      const input = node.inputs[k]!;
      if (input.variadic) {
        const list: unknown[] = [];
        if (pipe[k] !== EMPTY) list.push(pipe[k]);
        const slots = variadicSlots[i]![k]!;
        for (let s = 0; s < slots.length; s++) {
          const slot = slots[s]!;
          if (slot.length > 0) {
            for (const v of slot) list.push(v);
            slots[s] = [];
          }
        }
        if (list.length > 0) inputs[input.name] = list;
        else if (input.spec.default !== undefined) inputs[input.name] = [input.spec.default];
      } else {
        let v = conn[k];
        if (v !== EMPTY) conn[k] = EMPTY;
        else v = pipe[k];
        if (v !== EMPTY) inputs[input.name] = v;
        else if (input.spec.default !== undefined) inputs[input.name] = input.spec.default;
      }
    }
    return inputs;
  };

  const start = (node: PlanNode): void => {
    const i = node.index;
    if (visits[i]! >= maxRunsPerComponent) throw new PipelineMaxRunsError(node.name, maxRunsPerComponent);
    const inputs = collectInputs(node);
    fresh[i] = 0;
    running[i] = 1;
    const visit = ++visits[i]!;
    runningCount++;
    sccRunning[node.scc]!++;
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
      promise = Promise.resolve(node.component.run(inputs, contexts[i]!));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(onResolved[i], onRejected[i]);
  };

  /** Starts every ready component; see the rules above. */
  const startReady = (): void => {
    for (let s = 0; s < sccCount; s++) {
      let blocked = 0;
      const preds = sccPredecessors[s]!;
      for (let k = 0; k < preds.length; k++) {
        const p = preds[k]!;
        if (sccActive[p] === 1 || sccBlocked[p] === 1) {
          blocked = 1;
          break;
        }
      }
      sccBlocked[s] = blocked;
      let active = sccRunning[s]! > 0 ? 1 : 0;
      if (blocked === 0) {
        const members = sccMembers[s]!;
        for (let k = 0; k < members.length; k++) {
          const m = members[k]!;
          // Cheap pre-check of rule (b) before the full readiness test.
          if (running[m] === 1 || (fresh[m] === 0 && visits[m]! > 0)) continue;
          const node = nodes[m]!;
          if (isReady(node)) {
            toStart.push(node);
            active = 1;
          }
        }
      }
      sccActive[s] = active;
    }
    if (toStart.length === 0) return;
    const batch = toStart.splice(0, toStart.length);
    // Start in the order components were added (stable logs and traces).
    if (batch.length > 1) batch.sort((a, b) => a.index - b.index);
    for (const node of batch) start(node);
  };

  const componentFailure = (node: PlanNode, error: unknown): Error => {
    if (userSignal?.aborted) return new PipelineAbortedError(userSignal.reason);
    if (error instanceof PipelineAbortedError) return error;
    return new ComponentError(node.name, node.type, error);
  };

  const deliver = (node: PlanNode, value: unknown): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ComponentError(
        node.name,
        node.type,
        new TypeError(`run() must resolve to an object keyed by output socket, got ${describeValue(value)}.`),
      );
    }
    const outputs = value as Record<string, unknown>;
    const includeAll = include.has(node.index);
    for (const key of Object.keys(outputs)) {
      const targets = node.targets.get(key);
      if (targets === undefined) {
        throw new ComponentError(
          node.name,
          node.type,
          new TypeError(
            `run() returned output "${key}", which is not a declared output socket. Declared outputs: ${quoteList(node.targets.keys())}.`,
          ),
        );
      }
      const v = outputs[key];
      if (v === undefined) continue;
      if (validateConnections && targets.length > 0) validateDelivery(node, key, v, targets);
      if (targets.length === 0 || includeAll) {
        const forNode = result[node.name] ?? {};
        forNode[key] = v;
        result[node.name] = forNode;
      }
      for (const t of targets) {
        const receiver = t.node;
        const input = nodes[receiver]!.inputs[t.input]!;
        if (input.variadic) variadicSlots[receiver]![t.input]![t.slot]!.push(v);
        else connValues[receiver]![t.input] = v;
        fresh[receiver] = 1;
      }
    }
  };

  const validateDelivery = (node: PlanNode, socket: string, value: unknown, targets: readonly PlanTarget[]): void => {
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
    for (const t of targets) {
      const receiver = nodes[t.node]!;
      const input = receiver.inputs[t.input]!;
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
    }
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

  /** A component settled: deliver its outputs (or fail the run), then schedule what became ready. */
  function complete(node: PlanNode, ok: boolean, value: unknown): void {
    if (finished) return;
    const i = node.index;
    running[i] = 0;
    runningCount--;
    sccRunning[node.scc]!--;
    let failure: unknown;
    if (ok) {
      try {
        deliver(node, value);
      } catch (error) {
        failure = error;
      }
    } else {
      failure = componentFailure(node, value);
    }
    if (failure !== undefined) {
      if (tracer) {
        tracer.onEvent({
          type: 'component:error',
          runId,
          time: Date.now(),
          component: node.name,
          componentType: node.type,
          visit: visits[i]!,
          durationMs: now() - startedAt[i]!,
          error: ok ? failure : value,
        });
      }
      fail(failure);
      return;
    }
    if (tracer) {
      tracer.onEvent({
        type: 'component:end',
        runId,
        time: Date.now(),
        component: node.name,
        componentType: node.type,
        visit: visits[i]!,
        durationMs: now() - startedAt[i]!,
        outputs: value as Record<string, unknown>,
      });
    }
    try {
      startReady();
    } catch (error) {
      fail(error);
      return;
    }
    if (runningCount === 0) {
      cleanup();
      settle.resolve(result);
    }
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
      startReady();
    } catch (error) {
      fail(error);
      return;
    }
    if (runningCount === 0) {
      cleanup();
      resolve(result);
    }
  });
}
