import type { Filter } from './filter-types.js';
import { isLogicalFilter } from './filter-types.js';

/** How a retriever combines its configured filters with filters passed at run time. */
export type FilterPolicy = 'replace' | 'merge';

/**
 * Combines init-time and run-time filters.
 * - `replace` (default): run-time filters win when given.
 * - `merge`: both must hold (AND); nested ANDs are flattened.
 */
export function applyFilterPolicy(policy: FilterPolicy, initFilters?: Filter, runtimeFilters?: Filter): Filter | undefined {
  if (runtimeFilters === undefined) return initFilters;
  if (policy === 'replace' || initFilters === undefined) return runtimeFilters;
  const parts = (f: Filter): Filter[] => (isLogicalFilter(f) && f.operator === 'AND' ? f.conditions : [f]);
  return { operator: 'AND', conditions: [...parts(initFilters), ...parts(runtimeFilters)] };
}
