import { projectConfig } from '../vitest.shared.js';

// The examples that are tests themselves (the pattern users copy into their own test suites).
export default projectConfig('examples', { include: ['*.test.ts'] });
