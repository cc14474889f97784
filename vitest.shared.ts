import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

type TestOptions = NonNullable<TestProjectInlineConfiguration['test']>;

/** Vite's default conditions (client / server), kept after `source`. */
const CLIENT_CONDITIONS = ['module', 'browser', 'development|production'];
const SERVER_CONDITIONS = ['module', 'node', 'development|production'];

/**
 * Shared vitest project settings: resolve workspace packages to their TypeScript sources
 * (the `source` export condition), so `npm test` needs no build.
 *
 * The condition is added to EVERY Vite environment, not only `ssr` (where test files run):
 * global setups run in Vitest's own `__vitest__` environment, which does not inherit
 * `ssr.resolve.conditions` and would otherwise load `dist/` (missing on a fresh clone).
 */
export function projectConfig(name: string, extra: TestOptions = {}) {
  return defineProject({
    plugins: [
      {
        name: 'synapse-rag:source-condition',
        configEnvironment(environment, config) {
          const rest = config.resolve?.conditions ?? (environment === 'client' ? CLIENT_CONDITIONS : SERVER_CONDITIONS);
          config.resolve = { ...config.resolve, conditions: ['source', ...rest.filter((c) => c !== 'source')] };
        },
      },
    ],
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      ...extra,
    },
  });
}
