import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

type TestOptions = NonNullable<TestProjectInlineConfiguration['test']>;

/** Shared vitest project settings: resolve workspace packages to their TypeScript sources. */
export function projectConfig(name: string, extra: TestOptions = {}) {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      ...extra,
    },
  });
}
