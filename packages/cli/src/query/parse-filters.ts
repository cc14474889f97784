import type { Filter } from '@synapse-rag/core';
import { UsageError } from '../usage-error.js';

/** A `--filter` value as typed: `true`/`false` and numbers become booleans and numbers. */
function typed(raw: string): string | number | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

/**
 * `--filter key=value` options (repeatable) as one filter: every `meta.<key> == value`, AND-ed.
 * `undefined` when none is given; {@link UsageError} for a value without `=`.
 */
export function parseFilters(values: readonly string[] | undefined): Filter | undefined {
  if (!values || values.length === 0) return undefined;
  const conditions = values.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--filter "${v}": expected key=value, e.g. --filter file_path=docs/intro.md`);
    const key = v.slice(0, eq).trim();
    return {
      field: key.startsWith('meta.') || key === 'id' || key === 'content' ? key : `meta.${key}`,
      operator: '==' as const,
      value: typed(v.slice(eq + 1)),
    };
  });
  return conditions.length === 1 ? (conditions[0] as Filter) : { operator: 'AND', conditions };
}
