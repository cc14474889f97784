function isSchema(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** Checks that `component` fulfils the component contract; returns what is wrong, if anything. */
export function contractProblem(component: unknown): string | undefined {
  if (typeof component !== 'object' || component === null)
    return `expected a component object, got ${component === null ? 'null' : typeof component}`;
  const c = component as Record<string, unknown>;
  if (typeof c['type'] !== 'string' || c['type'] === '') return 'it has no string `type`';
  if (typeof c['run'] !== 'function') return 'it has no `run` method';
  if (typeof c['toJSON'] !== 'function') return 'it has no `toJSON` method';
  for (const kind of ['inputSockets', 'outputSockets'] as const) {
    const sockets = c[kind];
    if (typeof sockets !== 'object' || sockets === null) return `it declares no \`${kind}\` object`;
    for (const [name, spec] of Object.entries(sockets)) {
      if (!isSchema((spec as { schema?: unknown } | undefined)?.schema)) {
        return `${kind}.${name}.schema is not a zod v4 schema (zod 3 schemas are not supported; import { z } from 'zod' v4)`;
      }
    }
  }
  return undefined;
}
