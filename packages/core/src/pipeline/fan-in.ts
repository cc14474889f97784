import { errorReason } from '../error-reason.js';
import { PipelineConversionError } from '../errors.js';
import type { ExecutionPlan, InputMode, PlanNode, PlanTarget } from './plan.js';
import { EMPTY, type PreparedInputs } from './prepare-inputs.js';
import { convertValue } from './smart-connection.js';

/** Marks "the sender ran but did not produce this output" (Haystack's `_NoOutputProduced`). */
export const NO_OUTPUT: unique symbol = Symbol('no output');

/** One value waiting in an input socket: `from` is the sender's node index, -1 for a pipeline input. */
export interface Entry {
  from: number;
  value: unknown;
}

/** The inputs waiting for every component during one run (see docs/pipelines.md). */
export interface RunState {
  /** node → input → entries (standard and greedy sockets hold at most one). */
  sockets: Entry[][][];
  /** node → input → how the socket collects values in this run. */
  modes: InputMode[][];
  flatten: boolean[][];
  visits: Uint32Array;
  /** Entries holding a real value from a sender (Haystack's "trigger from a predecessor"). */
  pending: Uint32Array;
}

export function createRunState(plan: ExecutionPlan, prepared: PreparedInputs): RunState {
  const { nodes } = plan;
  const sockets: Entry[][][] = [];
  const modes: InputMode[][] = [];
  const flatten: boolean[][] = [];
  for (const node of nodes) {
    const values = prepared.values[node.index]!;
    const nodeSockets: Entry[][] = [];
    const nodeModes: InputMode[] = [];
    const nodeFlatten: boolean[] = [];
    for (let k = 0; k < node.inputs.length; k++) {
      const input = node.inputs[k]!;
      const value = values[k];
      nodeSockets.push(value === EMPTY ? [] : [{ from: -1, value }]);
      // A pipeline value next to the sender of a list socket: joined with what arrives.
      const auto = input.mode === 'standard' && input.senderCount > 0 && value !== EMPTY;
      nodeModes.push(auto ? 'lazy' : input.mode);
      nodeFlatten.push(auto || input.flatten);
    }
    sockets.push(nodeSockets);
    modes.push(nodeModes);
    flatten.push(nodeFlatten);
  }
  return { sockets, modes, flatten, visits: new Uint32Array(nodes.length), pending: new Uint32Array(nodes.length) };
}

/**
 * Takes the inputs of `node` for one run and removes them from the state: values from senders
 * are consumed, pipeline inputs stay (so a loop can re-read them) except in greedy sockets.
 * Standard sockets give their value, lazy ones every value in the order the senders ran
 * (a pipeline input first), greedy ones `[first value]`. Empty sockets get their `default`.
 */
export function consumeInputs(state: RunState, node: PlanNode): Record<string, unknown> {
  const i = node.index;
  const sockets = state.sockets[i]!;
  const modes = state.modes[i]!;
  const inputs: Record<string, unknown> = {};
  for (let k = 0; k < node.inputs.length; k++) {
    const input = node.inputs[k]!;
    const list = sockets[k]!;
    const mode = modes[k]!;
    let taken = false;
    if (list.length > 0) {
      if (mode === 'lazy') {
        const values: unknown[] = [];
        const flatten = state.flatten[i]![k]!;
        for (const e of list) {
          if (e.value === NO_OUTPUT) continue;
          taken = true;
          if (flatten && Array.isArray(e.value)) for (const v of e.value) values.push(v);
          else values.push(e.value);
        }
        if (taken) inputs[input.name] = values;
      } else {
        for (const e of list) {
          if (e.value === NO_OUTPUT) continue;
          inputs[input.name] = mode === 'greedy' ? [e.value] : e.value;
          taken = true;
          break;
        }
      }
      // A socket holding only a pipeline input keeps it as it is (no copy on the hot path).
      if (mode === 'greedy') sockets[k] = [];
      else if (!(list.length === 1 && list[0]!.from === -1)) sockets[k] = list.filter((e) => e.from === -1);
    }
    if (!taken && input.spec.default !== undefined) {
      inputs[input.name] = input.variadic ? [input.spec.default] : input.spec.default;
    }
  }
  state.pending[i] = 0;
  return inputs;
}

/**
 * Writes one run's outputs into the sockets they are connected to. Every connection of the
 * sender gets an entry: the value (converted by a smart connection) or {@link NO_OUTPUT}, which
 * tells the receiver that this sender has run. Lazy sockets append; standard and greedy sockets
 * keep one entry, replaced unless the new one is {@link NO_OUTPUT}.
 */
export function writeOutputs(
  state: RunState,
  plan: ExecutionPlan,
  node: PlanNode,
  outputs: Record<string, unknown>,
  check: ((sender: PlanNode, socket: string, target: PlanTarget, value: unknown) => void) | undefined,
): void {
  for (const [socket, targets] of node.targets) {
    if (targets.length === 0) continue;
    const produced = outputs[socket];
    for (const t of targets) {
      let value: unknown = produced === undefined ? NO_OUTPUT : produced;
      if (value !== NO_OUTPUT && t.edge.conversion !== undefined) {
        try {
          value = convertValue(value, t.edge.conversion);
        } catch (error) {
          throw new PipelineConversionError(
            `Cannot convert the value sent from ${node.name}.${socket} to ${plan.nodes[t.node]!.name}.${t.edge.receiverSocket} (${t.edge.conversion}): ${errorReason(error)}.`,
            {
              sender: `${node.name}.${socket}`,
              receiver: `${t.edge.receiverComponent}.${t.edge.receiverSocket}`,
              conversion: t.edge.conversion,
            },
          );
        }
      }
      if (value !== NO_OUTPUT && check) check(node, socket, t, value);
      const list = state.sockets[t.node]![t.input]!;
      const real = value !== NO_OUTPUT;
      if (state.modes[t.node]![t.input] === 'lazy') {
        list.push({ from: node.index, value });
        if (real) state.pending[t.node]!++;
      } else if (list.length === 0 || real) {
        const old = list[0];
        if (old !== undefined && old.from !== -1 && old.value !== NO_OUTPUT) state.pending[t.node]!--;
        state.sockets[t.node]![t.input] = [{ from: node.index, value }];
        if (real) state.pending[t.node]!++;
      }
    }
  }
}
