import { InvalidOptionsError, PipelineValidationError } from '../errors.js';
import { quoteList } from './format.js';
import type { ExecutionPlan } from './plan.js';

/**
 * Node indices whose outputs a run returns in full (`includeOutputsFrom`: names, or `'all'`).
 * An unknown name is a {@link PipelineValidationError} listing the components.
 */
export function includedNodes(plan: ExecutionPlan, names: readonly string[] | 'all' | undefined): Set<number> {
  const include = new Set<number>();
  if (names === 'all') {
    for (const node of plan.nodes) include.add(node.index);
    return include;
  }
  if (names === undefined) return include;
  const unknown = names.filter((name) => !plan.byName.has(name));
  if (unknown.length > 0) {
    throw new PipelineValidationError(
      `includeOutputsFrom names unknown component(s) ${quoteList(unknown)}. Components: ${quoteList(plan.byName.keys())}.`,
      { unknown },
    );
  }
  for (const name of names) include.add(plan.byName.get(name)!);
  return include;
}

/** `maxRunsPerComponent` checked: a positive integer, else {@link InvalidOptionsError}. */
export function checkMaxRuns(value: unknown, owner: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionsError(owner, `maxRunsPerComponent: expected a positive integer, got ${String(value)}`);
  }
  return value;
}
