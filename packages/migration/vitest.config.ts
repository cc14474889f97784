import { projectConfig } from '../../vitest.shared.js';

export default projectConfig('migration', {
  // A real PostgreSQL (+ pglite-server) and a real Chroma server per run; server tests are `*.int.test.ts`.
  globalSetup: ['./test/global-setup.ts'],
});
