import { projectConfig } from '../../vitest.shared.js';

// Only the arithmetic's unit tests: benchmarks are scripts (npm run bench), never tests.
export default projectConfig('bench');
