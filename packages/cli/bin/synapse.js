#!/usr/bin/env node
// Launcher kept outside dist/ so the bin link made at install time points at an executable file
// that exists before `npm run build`. The compiled program is dist/bin.js.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('synapse: packages/cli is not built; run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
