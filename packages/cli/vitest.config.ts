import { projectConfig } from '../../vitest.shared.js';

export default projectConfig('cli', {
  // The CLI is spawned as a process against a real PostgreSQL, PGlite and a real Chroma server.
  globalSetup: ['../migration/test/global-setup.ts'],
  testTimeout: 240_000,
});
