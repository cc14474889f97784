import { projectConfig } from '../vitest.shared.js';

export default projectConfig('cross-package', { include: ['**/*.test.ts'] });
