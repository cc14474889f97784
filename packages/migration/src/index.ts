/**
 * @synapse-rag/migration — run a live app on two document stores during a move: `FF_*` feature
 * flags, a hybrid store (dual write + outbox, sticky read routing, shadow reads), a circuit-breaker
 * failover store, a flag-aware pipeline factory and Prometheus metrics.
 */

export * from './circuit-breaker.js';
export * from './compare-results.js';
export * from './create-metrics.js';
export * from './data-migration/index.js';
export * from './errors.js';
export * from './failover-document-store.js';
export * from './feature-flags.js';
export * from './file-outbox.js';
export * from './flag-source.js';
export * from './hybrid-document-store.js';
export * from './hybrid-retrievers.js';
export * from './indexing-pipeline.js';
export * from './logger.js';
export * from './migration-events.js';
export * from './outbox-option.js';
export { DEFAULT_PROMPT_TEMPLATE, type MigrationPipelineDeps } from './pipeline-deps.js';
export * from './query-inputs.js';
export * from './query-path.js';
export * from './query-pipeline.js';
export * from './route-read.js';
export * from './store-search.js';
export * from './with-timeout.js';
