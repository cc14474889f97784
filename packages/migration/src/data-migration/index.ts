/** Moving the legacy SQLite + Chroma data into pgvector: migrate, verify, reconcile, rollout stages. */
export * from './chroma-embeddings.js';
export * from './index-build.js';
export * from './legacy-document.js';
export * from './legacy-mapping.js';
export * from './migrate-legacy-data.js';
export * from './migration-options.js';
export * from './migration-state.js';
export * from './migration-target.js';
export * from './reconcile-stores.js';
export * from './rollout-control.js';
export * from './rollout-gates.js';
export * from './rollout-stages.js';
export * from './rollout-state.js';
export * from './sqlite-source.js';
export * from './store-spec.js';
export * from './verify-migration.js';
export * from './write-batch.js';
