import { projectConfig } from '../../vitest.shared.js';

export default projectConfig('chroma', {
  // One real Chroma server per run (or CHROMA_URL); integration tests are `*.int.test.ts`.
  globalSetup: ['./test/global-setup.ts'],
});
