/**
 * @synapse-rag/cli — the `synapse` command line (`migrate`, `verify`, `reconcile`, `rollout`).
 * The work is done by `@synapse-rag/migration`; this package parses arguments, shows progress and
 * prints results.
 */

export { EXIT } from './exit-codes.js';
export { buildProgram } from './program.js';
export { type AppHooks, createApp, ROUTES } from './serve/create-app.js';
export { type ServeOptions, type ServeOptionsInput, ServeOptionsSchema } from './serve/serve-options.js';
export { ServiceRuntime, type ServiceRuntimeOptions } from './serve/service-runtime.js';
export { type RunningServer, startServer } from './serve/start-server.js';
