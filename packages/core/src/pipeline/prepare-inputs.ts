import { describeType } from '../component/describe-type.js';
import { PipelineValidationError } from '../errors.js';
import { formatInputSocket, formatInputs, quoteList } from './format.js';
import type { ExecutionPlan, PlanInput, PlanNode } from './plan.js';
import type { PipelineInputs } from './types.js';

/** Marks an empty socket slot (so that `null` stays a real value). */
export const EMPTY: unique symbol = Symbol('empty');
export type Slot = unknown | typeof EMPTY;

/** Pipeline-level inputs after validation: per node, per input socket, a parsed value or EMPTY. */
export interface PreparedInputs {
  values: Slot[][];
  /** The same values keyed by names (what `pipeline:start` reports). */
  nested: Record<string, Record<string, unknown>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function openInputsList(plan: ExecutionPlan): string {
  const open: string[] = [];
  for (const node of plan.nodes) {
    for (const input of node.inputs) {
      if (input.senderCount === 0) open.push(`${node.name}.${formatInputSocket(input.name, input.spec)}`);
    }
  }
  return open.length === 0 ? '(none)' : open.join(', ');
}

function sendersOf(plan: ExecutionPlan, node: PlanNode, input: PlanInput): string[] {
  const senders: string[] = [];
  for (const other of plan.nodes) {
    for (const [socket, targets] of other.targets) {
      for (const t of targets) {
        if (t.node === node.index && node.inputs[t.input] === input) senders.push(`${other.name}.${socket}`);
      }
    }
  }
  return senders;
}

/**
 * Normalizes run inputs (nested or flat) and validates them against the graph before anything
 * runs. Collects every problem and throws one {@link PipelineValidationError} listing them all:
 * unknown component, unknown socket (with the component's inputs), a flat name that matches no
 * open socket, a value for a socket already fed by a connection (unless variadic or a list), a mandatory
 * input with neither sender nor value, and values failing the socket's zod schema.
 * Values are replaced by their parsed form (zod defaults/transforms applied).
 */
export function prepareInputs(plan: ExecutionPlan, raw: PipelineInputs): PreparedInputs {
  const problems: string[] = [];
  const values: Slot[][] = plan.nodes.map((n) => n.inputs.map(() => EMPTY));
  const nested: Record<string, Record<string, unknown>> = {};

  const setValue = (node: PlanNode, input: PlanInput, inputIdx: number, value: unknown): void => {
    const parsed = input.spec.schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
      problems.push(
        `Input ${node.name}.${input.name} (${describeType(input.spec.schema)}${input.variadic ? ', one entry of a variadic socket' : ''}) is invalid: ${issues}.`,
      );
      return;
    }
    values[node.index]![inputIdx] = parsed.data;
    const forNode = nested[node.name] ?? {};
    forNode[input.name] = parsed.data;
    nested[node.name] = forNode;
  };

  if (!isPlainObject(raw)) {
    throw new PipelineValidationError(
      `Pipeline inputs must be an object ({ component: { socket: value } } or { socket: value }), got ${Array.isArray(raw) ? 'an array' : typeof raw}.`,
    );
  }
  const keys = Object.keys(raw).filter((k) => raw[k] !== undefined);
  const componentKeys = keys.filter((k) => plan.byName.has(k));

  if (componentKeys.length > 0 && componentKeys.length === keys.length) {
    // Nested form.
    for (const name of keys) {
      const node = plan.nodes[plan.byName.get(name)!]!;
      const sockets = raw[name];
      if (!isPlainObject(sockets)) {
        problems.push(
          `Inputs for component "${name}" must be an object { socket: value }, got ${Array.isArray(sockets) ? 'an array' : typeof sockets}. Its inputs: ${formatInputs(node.component)}.`,
        );
        continue;
      }
      for (const [socket, value] of Object.entries(sockets)) {
        if (value === undefined) continue;
        const idx = node.inputIndex.get(socket);
        if (idx === undefined) {
          problems.push(`Component "${name}" has no input socket "${socket}". Its inputs: ${formatInputs(node.component)}.`);
          continue;
        }
        const input = node.inputs[idx]!;
        if (input.senderCount > 0 && !input.variadic && !input.listType) {
          problems.push(
            `Input ${name}.${socket} is already fed by a connection from ${sendersOf(plan, node, input).join(', ')}; remove the value or the connection (only variadic and list sockets join a pipeline value with what arrives).`,
          );
          continue;
        }
        setValue(node, input, idx, value);
      }
    }
  } else if (componentKeys.length > 0) {
    const flat = keys.filter((k) => !plan.byName.has(k));
    // Keys holding { socket: value } objects that name no open socket are most likely misspelt components.
    const isOpenSocket = (key: string): boolean =>
      plan.nodes.some((node) => {
        const idx = node.inputIndex.get(key);
        return idx !== undefined && node.inputs[idx]!.senderCount === 0;
      });
    const unknownComponents = flat.filter((k) => isPlainObject(raw[k]) && !isOpenSocket(k));
    if (unknownComponents.length === flat.length) {
      throw new PipelineValidationError(
        `Pipeline inputs name unknown component(s) ${quoteList(unknownComponents)}. Components: ${quoteList(plan.byName.keys())}.`,
        { unknown: unknownComponents },
      );
    }
    throw new PipelineValidationError(
      `Pipeline inputs mix component names (${quoteList(componentKeys)}) with socket names (${quoteList(flat)}). Use either the nested form { component: { socket: value } } or the flat form { socket: value }. Open inputs: ${openInputsList(plan)}.`,
      { componentKeys, socketKeys: flat },
    );
  } else {
    // Flat form: each value goes to every open input socket of that name.
    for (const key of keys) {
      let matched = 0;
      const connected: string[] = [];
      for (const node of plan.nodes) {
        const idx = node.inputIndex.get(key);
        if (idx === undefined) continue;
        const input = node.inputs[idx]!;
        if (input.senderCount > 0) {
          connected.push(`${node.name}.${key}`);
          continue;
        }
        matched++;
        setValue(node, input, idx, raw[key]);
      }
      if (matched === 0) {
        const why =
          connected.length > 0
            ? ` (${connected.join(', ')} ${connected.length === 1 ? 'is' : 'are'} fed by connections; pass a value to a variadic or list socket in the nested form)`
            : '';
        problems.push(
          `Input "${key}" is neither a component name nor the name of an open input socket${why}. Components: ${quoteList(plan.byName.keys())}. Open inputs: ${openInputsList(plan)}.`,
        );
      }
    }
  }

  for (const node of plan.nodes) {
    node.inputs.forEach((input, idx) => {
      if (input.mandatory && input.senderCount === 0 && values[node.index]![idx] === EMPTY) {
        problems.push(
          `Component "${node.name}" needs input "${input.name}" (${describeType(input.spec.schema)}), which no connection feeds: pass it as { ${node.name}: { ${input.name}: ... } } or { ${input.name}: ... }.`,
        );
      }
    });
  }

  if (problems.length > 0) {
    const message =
      problems.length === 1
        ? `Invalid pipeline inputs: ${problems[0]}`
        : `Invalid pipeline inputs (${problems.length} problems):\n${problems.map((p) => `- ${p}`).join('\n')}`;
    throw new PipelineValidationError(message, { problems });
  }
  return { values, nested };
}
