import { projectConfig } from '../../vitest.shared.js';

// The test files share no mutable state (each starts its own fake server / registry names are
// cleaned up), so they run without per-file isolation: LangChain's module graph loads once.
export default projectConfig('langchain', { isolate: false });
