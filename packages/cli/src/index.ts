/**
 * @synapse-rag/cli — the `synapse` command line (`migrate`, `verify`, `reconcile`, `rollout`).
 * The work is done by `@synapse-rag/migration`; this package parses arguments, shows progress and
 * prints results.
 */

export { EXIT } from './exit-codes.js';
export { buildProgram } from './program.js';
