import { projectConfig } from '../../vitest.shared.js';

export default projectConfig('pgvector', {
  globalSetup: ['./test/global-setup.ts'],
});
