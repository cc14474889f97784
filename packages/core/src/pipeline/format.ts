import type { AnyComponent } from '../component/component.js';
import { describeType } from '../component/describe-type.js';
import type { InputSocketSpec, OutputSocketSpec } from '../component/socket.js';

/** Whether an input socket may stay empty (it is optional or has a default). */
export function isOptionalInput(spec: InputSocketSpec): boolean {
  return spec.optional === true || spec.default !== undefined;
}

function shortJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** ` (variadic)`, ` (greedy)` or nothing: how a socket fans in (see docs/pipelines.md). */
export function variadicMark(spec: InputSocketSpec | undefined): string {
  if (spec?.variadic === 'greedy') return ' (greedy)';
  return spec?.variadic ? ' (variadic)' : '';
}

/** `query: string`, `topK?: number = 10`, `documents: Document[] (variadic)` */
export function formatInputSocket(name: string, spec: InputSocketSpec): string {
  const optional = isOptionalInput(spec) ? '?' : '';
  const def = spec.default !== undefined ? ` = ${shortJson(spec.default)}` : '';
  const variadic = variadicMark(spec);
  return `${name}${optional}: ${describeType(spec.schema)}${def}${variadic}`;
}

export function formatOutputSocket(name: string, spec: OutputSocketSpec): string {
  return `${name}: ${describeType(spec.schema)}`;
}

/** Every input socket of a component, comma-separated, or `(none)`. */
export function formatInputs(component: AnyComponent): string {
  const entries = Object.entries(component.inputSockets);
  return entries.length === 0 ? '(none)' : entries.map(([n, s]) => formatInputSocket(n, s)).join(', ');
}

/** Every output socket of a component, comma-separated, or `(none)`. */
export function formatOutputs(component: AnyComponent): string {
  const entries = Object.entries(component.outputSockets);
  return entries.length === 0 ? '(none)' : entries.map(([n, s]) => formatOutputSocket(n, s)).join(', ');
}

/** `"a", "b", "c"` or `(none)` */
export function quoteList(names: Iterable<string>): string {
  const list = [...names].map((n) => `"${n}"`);
  return list.length === 0 ? '(none)' : list.join(', ');
}
