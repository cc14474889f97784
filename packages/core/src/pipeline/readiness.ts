import { type Entry, NO_OUTPUT, type RunState } from './fan-in.js';
import type { InputMode, PlanInput, PlanNode } from './plan.js';

/** Haystack's `ComponentPriority`: lower runs first. */
export const Priority = { Highest: 1, Ready: 2, Defer: 3, Blocked: 4 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

function anyReal(list: readonly Entry[]): boolean {
  for (const e of list) if (e.value !== NO_OUTPUT) return true;
  return false;
}

/** Whether every sender of the socket delivered a real value (`produced`) or just ran. */
function everySender(input: PlanInput, list: readonly Entry[], produced: boolean): boolean {
  const senders = input.senders;
  if (senders.length === 0) return true;
  if (list.length < senders.length) return false;
  for (const s of senders) {
    let found = false;
    for (const e of list) {
      if (e.from === s && (!produced || e.value !== NO_OUTPUT)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** Haystack's `has_socket_received_all_inputs`. */
function receivedAll(input: PlanInput, mode: InputMode, list: readonly Entry[]): boolean {
  if (list.length === 0) return false;
  if (mode === 'greedy') return anyReal(list);
  if (mode === 'lazy') return everySender(input, list, true);
  return list[0]!.value !== NO_OUTPUT;
}

function filled(input: PlanInput, mode: InputMode, list: readonly Entry[]): boolean {
  return receivedAll(input, mode, list) || (mode === 'lazy' && anyReal(list));
}

function hasPipelineInput(sockets: readonly Entry[][]): boolean {
  for (const list of sockets) for (const e of list) if (e.from === -1) return true;
  return false;
}

/**
 * The priority of `node` given the inputs waiting for it (Haystack's `_calculate_priority`;
 * docs/pipelines.md, "When a component runs"):
 * - Blocked: a mandatory input is missing, or nothing triggers it (a value from a sender; or,
 *   before its first run, a pipeline input or having no senders at all);
 * - Highest: a greedy socket holds a value and every connected or mandatory socket is filled;
 * - Ready: every sender of every socket has run (with or without producing a value);
 * - Defer: it could run, but some sender has not run yet: it waits until nothing else can run.
 */
export function priorityOf(state: RunState, node: PlanNode): Priority {
  const i = node.index;
  const sockets = state.sockets[i]!;
  const firstVisit = state.visits[i] === 0;
  if (state.pending[i] === 0 && !(firstVisit && (!node.hasSenders || hasPipelineInput(sockets)))) return Priority.Blocked;
  const modes = state.modes[i]!;
  const inputs = node.inputs;
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]!;
    if (input.mandatory && !filled(input, modes[k]!, sockets[k]!)) return Priority.Blocked;
  }
  let greedyReady = false;
  let allFilled = true;
  let allRan = true;
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]!;
    const mode = modes[k]!;
    const list = sockets[k]!;
    if (mode === 'greedy' && receivedAll(input, mode, list)) greedyReady = true;
    if ((input.mandatory || input.senderCount > 0) && !filled(input, mode, list)) allFilled = false;
    if (allRan && !everySender(input, list, false)) allRan = false;
  }
  if (greedyReady && allFilled) return Priority.Highest;
  return allRan ? Priority.Ready : Priority.Defer;
}
