import type { z } from 'zod';
import { DocumentSchema, JsonValueSchema, MetaSchema } from '../document.js';
import { FilterSchema } from '../filters/filter-types.js';

/**
 * Readable, TypeScript-like labels for zod v4 schemas, and the type check `Pipeline.connect`
 * uses to decide whether an output socket may feed an input socket.
 *
 * Labels are derived from the schema definition (`schema._zod.def`), so two schemas built the
 * same way get the same label (`z.array(z.string())` → `string[]`). Schemas that should read as a
 * named type register a name with {@link nameType}; core names its own: `Document`, `Meta`,
 * `Filter` and `JsonValue` (so `SocketSchemas.documents` reads `Document[]`).
 */

const names = new WeakMap<object, string>();

/**
 * Gives `schema` a name used by {@link describeType} wherever it appears (also nested:
 * `z.array(schema)` → `Name[]`). Packages call this for the schemas they share across sockets.
 * Returns the schema, so it can wrap a declaration.
 */
export function nameType<S extends z.ZodType>(schema: S, label: string): S {
  names.set(schema, label);
  return schema;
}

/** The name given to `schema` with {@link nameType}, if any. */
export function typeName(schema: z.ZodType): string | undefined {
  return names.get(schema);
}

nameType(DocumentSchema, 'Document');
nameType(MetaSchema, 'Meta');
nameType(FilterSchema, 'Filter');
nameType(JsonValueSchema, 'JsonValue');

/**
 * Internal structural view of a schema: a set of alternatives (a union is flattened), each with
 * a label, plus enough structure for compatibility checks.
 */
type TypeNode =
  | { kind: 'any'; label: string }
  | { kind: 'named'; label: string; schema: object }
  | { kind: 'custom'; label: string; schema: object }
  | { kind: 'literal'; label: string; base: 'string' | 'number' | 'boolean' | 'bigint' | 'null' | 'undefined' }
  | { kind: 'array'; label: string; element: TypeNode[] }
  | { kind: 'other'; label: string };

/** Internal defs, typed loosely: zod's def union is too wide to switch on without casts. */
interface LooseDef {
  type: string;
  [key: string]: unknown;
}

function defOf(schema: unknown): LooseDef {
  return (schema as { _zod: { def: LooseDef } })._zod.def;
}

const MAX_DEPTH = 12;

function literalBase(value: unknown): 'string' | 'number' | 'boolean' | 'bigint' | 'null' | 'undefined' {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'bigint';
    case 'undefined':
      return 'undefined';
    default:
      return 'string';
  }
}

function literalLabel(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

function joinUnion(nodes: readonly TypeNode[]): string {
  const seen: string[] = [];
  for (const n of nodes) if (!seen.includes(n.label)) seen.push(n.label);
  return seen.join(' | ');
}

/** Label of a single alternative used in a position that binds tighter than `|` (e.g. `T[]`). */
function wrap(nodes: readonly TypeNode[]): string {
  const label = joinUnion(nodes);
  return nodes.length > 1 ? `(${label})` : label;
}

function propKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** Unwraps optional/default wrappers to tell whether an object property may be absent. */
function isOptionalProp(schema: unknown): boolean {
  const def = defOf(schema);
  return def.type === 'optional' || def.type === 'default' || def.type === 'prefault';
}

function analyze(schema: unknown, stack: object[]): TypeNode[] {
  const obj = schema as object;
  const name = names.get(obj);
  if (name !== undefined) return [{ kind: 'named', label: name, schema: obj }];
  if (stack.includes(obj) || stack.length > MAX_DEPTH) return [{ kind: 'other', label: '…' }];
  const def = defOf(schema);
  stack.push(obj);
  try {
    return analyseDef(def, obj, stack);
  } finally {
    stack.pop();
  }
}

function one(label: string): TypeNode[] {
  return [{ kind: 'other', label }];
}

function analyseDef(def: LooseDef, schema: object, stack: object[]): TypeNode[] {
  switch (def.type) {
    case 'any':
    case 'unknown':
      return [{ kind: 'any', label: def.type }];
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'null':
    case 'undefined':
    case 'void':
    case 'never':
    case 'date':
    case 'file':
      return one(def.type === 'date' ? 'Date' : def.type === 'file' ? 'File' : def.type);
    case 'nan':
      return one('number');
    case 'template_literal':
      return one('string');
    case 'int':
      return one('number');
    case 'literal': {
      const values = def['values'] as unknown[];
      return values.map((v) => ({ kind: 'literal', label: literalLabel(v), base: literalBase(v) }));
    }
    case 'enum': {
      const entries = def['entries'] as Record<string, unknown>;
      const values = [...new Set(Object.values(entries))];
      return values.map((v) => ({ kind: 'literal', label: literalLabel(v), base: literalBase(v) }));
    }
    case 'array': {
      const element = analyze(def['element'], stack);
      return [{ kind: 'array', label: `${wrap(element)}[]`, element }];
    }
    case 'set':
      return one(`Set<${joinUnion(analyze(def['valueType'], stack))}>`);
    case 'map':
      return one(`Map<${joinUnion(analyze(def['keyType'], stack))}, ${joinUnion(analyze(def['valueType'], stack))}>`);
    case 'record':
      return one(`Record<${joinUnion(analyze(def['keyType'], stack))}, ${joinUnion(analyze(def['valueType'], stack))}>`);
    case 'tuple': {
      const items = (def['items'] as unknown[]).map((i) => joinUnion(analyze(i, stack)));
      const rest = def['rest'];
      if (rest) items.push(`...${wrap(analyze(rest, stack))}[]`);
      return one(`[${items.join(', ')}]`);
    }
    case 'object': {
      const shape = def['shape'] as Record<string, unknown>;
      const props = Object.entries(shape).map(([key, value]) => {
        const optional = isOptionalProp(value);
        const inner = optional ? analyze(defOf(value)['innerType'], stack) : analyze(value, stack);
        return `${propKey(key)}${optional ? '?' : ''}: ${joinUnion(inner)}`;
      });
      return one(props.length === 0 ? '{}' : `{ ${props.join('; ')} }`);
    }
    case 'union': {
      const options = def['options'] as unknown[];
      return options.flatMap((o) => analyze(o, stack));
    }
    case 'intersection':
      return one(`${wrap(analyze(def['left'], stack))} & ${wrap(analyze(def['right'], stack))}`);
    case 'optional':
      return [...analyze(def['innerType'], stack), { kind: 'literal', label: 'undefined', base: 'undefined' }];
    case 'nullable':
      return [...analyze(def['innerType'], stack), { kind: 'literal', label: 'null', base: 'null' }];
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
      return analyze(def['innerType'], stack);
    case 'lazy':
      return analyze((def['getter'] as () => unknown)(), stack);
    case 'promise':
      return one(`Promise<${joinUnion(analyze(def['innerType'], stack))}>`);
    case 'pipe': {
      const out = def['out'];
      // A transform's output type is unknown to the schema; describe what it accepts instead.
      return defOf(out).type === 'transform' ? analyze(def['in'], stack) : analyze(out, stack);
    }
    case 'transform':
      return [{ kind: 'any', label: 'unknown' }];
    case 'function':
      return one('Function');
    case 'custom':
      return [{ kind: 'custom', label: 'custom', schema }];
    default:
      return one(def.type);
  }
}

/**
 * A readable TypeScript-like label for a zod schema: `string`, `number[]`, `Document[]`,
 * `{ a: string; b?: number }`, `Record<string, number>`, `"a" | "b"`, `string | null`,
 * `string | undefined` (optional). Schemas named with {@link nameType} print their name.
 * Refinements (`.int()`, `.min()`…) do not show; `z.custom()` prints `custom`.
 */
export function describeType(schema: z.ZodType): string {
  return joinUnion(analyze(schema, []));
}

function literalAccepted(sender: TypeNode & { kind: 'literal' }, receiver: readonly TypeNode[]): boolean {
  return receiver.some((r) => r.kind === 'other' && r.label === sender.base);
}

function nodeAccepted(sender: TypeNode, receiver: readonly TypeNode[]): boolean {
  switch (sender.kind) {
    case 'custom':
      // Custom checks have no inspectable type: only the very same schema (or unknown) matches.
      return receiver.some((r) => r.kind === 'custom' && r.schema === sender.schema);
    case 'literal':
      return receiver.some((r) => r.kind === 'literal' && r.label === sender.label) || literalAccepted(sender, receiver);
    case 'array':
      return receiver.some((r) => r.label === sender.label || (r.kind === 'array' && allAccepted(sender.element, r.element)));
    default:
      return receiver.some((r) => r.kind !== 'custom' && r.label === sender.label);
  }
}

function allAccepted(sender: readonly TypeNode[], receiver: readonly TypeNode[]): boolean {
  if (receiver.some((r) => r.kind === 'any')) return true;
  return sender.every((s) => nodeAccepted(s, receiver));
}

/**
 * Whether values described by `sender` (an output socket's schema) are acceptable to `receiver`
 * (an input socket's schema). Structural and conservative, based on {@link describeType}:
 * - a receiver of `unknown` / `any` accepts everything;
 * - unions are flattened on both sides: every alternative the sender may produce must be one
 *   the receiver accepts (so `string` fits `string | null`, and `string | undefined` from an
 *   optional receiver; `string | null` does not fit `string`);
 * - equal labels match; literals and enums fit their base type (`"a"` fits `string`);
 *   arrays match element-wise (`("a" | "b")[]` fits `string[]`, anything fits `unknown[]`);
 * - `z.custom()` schemas only match themselves.
 *
 * This is the check `Pipeline.connect` performs; values are not re-validated between components
 * at run time (see the `validateConnections` run option).
 */
export function isTypeCompatible(sender: z.ZodType, receiver: z.ZodType): boolean {
  if (sender === receiver) return true;
  return allAccepted(analyze(sender, []), analyze(receiver, []));
}
