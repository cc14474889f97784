import { FilterError } from '../errors.js';
import {
  COMPARISON_OPERATORS,
  type ComparisonFilter,
  type Filter,
  type FilterScalar,
  LOGICAL_OPERATORS,
} from './filter-types.js';
import { isIsoDate } from './iso-date.js';

/** Where a comparison's field points. */
export type FieldRef = { kind: 'id' } | { kind: 'content' } | { kind: 'meta'; path: string[] };

/**
 * Parses a filter field: `"id"`, `"content"` or `"meta.a.b"`. Meta keys are split on dots;
 * each key must be non-empty. Throws {@link FilterError} for anything else.
 */
export function parseField(field: string, path = '$.field'): FieldRef {
  if (field === 'id') return { kind: 'id' };
  if (field === 'content') return { kind: 'content' };
  if (field.startsWith('meta.')) {
    const keys = field.slice(5).split('.');
    if (keys.some((k) => k.length === 0)) throw new FilterError(`field "${field}" has an empty meta key.`, { path });
    return { kind: 'meta', path: keys };
  }
  throw new FilterError(
    `unknown field "${field}". Use "id", "content" or "meta.<key>"${field.includes('.') ? '' : ` (did you mean "meta.${field}"?)`}.`,
    { path },
  );
}

const ORDERING = new Set(['>', '>=', '<', '<=']);

function isScalar(v: unknown): v is FilterScalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v;
}

function validateComparison(node: Record<string, unknown>, path: string): ComparisonFilter {
  const { field, operator, value } = node;
  const extra = Object.keys(node).filter((k) => k !== 'field' && k !== 'operator' && k !== 'value');
  if (extra.length > 0)
    throw new FilterError(`unexpected key(s) ${extra.map((k) => `"${k}"`).join(', ')} in a comparison.`, { path });
  if (typeof field !== 'string') throw new FilterError('a comparison needs a string "field".', { path });
  parseField(field, `${path}.field`);
  if (typeof operator !== 'string' || !(COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw new FilterError(
      `unknown comparison operator ${JSON.stringify(operator)}; expected one of ${COMPARISON_OPERATORS.map((o) => `"${o}"`).join(', ')}.`,
      { path: `${path}.operator` },
    );
  }
  if (!('value' in node)) throw new FilterError(`operator "${operator}" needs a "value".`, { path });
  const vpath = `${path}.value`;
  if (operator === 'in' || operator === 'not in') {
    if (!Array.isArray(value))
      throw new FilterError(`operator "${operator}" needs a list value, got ${describe(value)}.`, { path: vpath });
    value.forEach((item, i) => {
      if (!isScalar(item))
        throw new FilterError(`list items must be strings, finite numbers, booleans or null; got ${describe(item)}.`, {
          path: `${vpath}[${i}]`,
        });
    });
  } else if (ORDERING.has(operator)) {
    // `null` is accepted as Haystack does: an ordering against null matches no document.
    const ok = value === null || (typeof value === 'number' && Number.isFinite(value)) || isIsoDate(value);
    if (!ok) {
      throw new FilterError(`operator "${operator}" compares numbers or ISO 8601 dates only; got ${describe(value)}.`, {
        path: vpath,
      });
    }
  } else if (!isScalar(value)) {
    throw new FilterError(`operator "${operator}" needs a string, finite number, boolean or null; got ${describe(value)}.`, {
      path: vpath,
    });
  }
  // Lists are copied too: the result must not change when the caller's filter does.
  const copied = Array.isArray(value) ? [...value] : value;
  return { field, operator: operator as ComparisonFilter['operator'], value: copied as ComparisonFilter['value'] };
}

function validateNode(node: unknown, path: string): Filter {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new FilterError(`expected a filter object, got ${describe(node)}.`, { path });
  }
  const obj = node as Record<string, unknown>;
  if ('conditions' in obj) {
    const { operator, conditions } = obj;
    const extra = Object.keys(obj).filter((k) => k !== 'operator' && k !== 'conditions');
    if (extra.length > 0)
      throw new FilterError(`unexpected key(s) ${extra.map((k) => `"${k}"`).join(', ')} in a logical filter.`, { path });
    if (typeof operator !== 'string' || !(LOGICAL_OPERATORS as readonly string[]).includes(operator)) {
      throw new FilterError(`unknown logical operator ${JSON.stringify(operator)}; expected "AND", "OR" or "NOT".`, {
        path: `${path}.operator`,
      });
    }
    if (!Array.isArray(conditions))
      throw new FilterError('"conditions" must be a list of filters.', { path: `${path}.conditions` });
    return {
      operator: operator as 'AND' | 'OR' | 'NOT',
      conditions: conditions.map((c, i) => validateNode(c, `${path}.conditions[${i}]`)),
    };
  }
  if ('field' in obj) return validateComparison(obj, path);
  throw new FilterError(
    'a filter is either { field, operator, value } or { operator: "AND" | "OR" | "NOT", conditions: [...] }.',
    { path },
  );
}

/**
 * Validates a filter tree and returns it (a fresh copy). Throws {@link FilterError} naming
 * the first offending node by JSON path (e.g. `$.conditions[1].value`) and the reason.
 *
 * Semantics every store implements (two-valued logic, never "unknown"):
 * - `==` / `!=`: strict equality on JSON scalars (1 ≠ "1"); `== null` matches null or missing
 *   fields; `!=` is the exact negation of `==`, so it matches missing fields.
 * - `>`, `>=`, `<`, `<=`: the value must be a finite number or an ISO 8601 date string. A
 *   document value matches only if it has the same kind (number vs number, ISO date vs ISO
 *   date, compared as instants); anything else (missing, null, other types) does not match.
 *   A `null` value is accepted as Haystack accepts it: the comparison matches no document
 *   (so `NOT` of it matches every document).
 * - `in` / `not in`: a list of scalars; `in` is `==` against any item, `not in` its negation.
 * - `AND` of no conditions matches everything; `OR` of none matches nothing; `NOT` negates
 *   the AND of its conditions.
 * - Fields: `id`, `content`, `meta.key` (nested: `meta.a.b`). Meta values that are lists or
 *   objects never equal a scalar.
 */
export function validateFilter(filter: unknown): Filter {
  return validateNode(filter, '$');
}

/** Like {@link validateFilter} but passes `undefined` / `null` through (no filter). */
export function validateOptionalFilter(filter: unknown): Filter | undefined {
  return filter === undefined || filter === null ? undefined : validateFilter(filter);
}
