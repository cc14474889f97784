import { defineConfig } from 'vitest/config';

// Each package is a vitest project with its own config (global setups for servers live there).
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts', 'examples/vitest.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
