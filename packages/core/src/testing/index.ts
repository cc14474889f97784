/**
 * `@synapse-rag/core/testing` — helpers for testing stores and components. Imports `vitest`
 * and `fast-check` (optional peer dependencies): use it from test files only.
 */
export { CONFORMANCE_IDS, conformanceDocuments, fixtureEmbedding } from './conformance-fixture.js';
export { type DifferentialSuiteOptions, runDifferentialSuite } from './differential-suite.js';
export { CONFORMANCE_FILTER_VALUES, type FilterArbitraryValues, filterArbitrary } from './filter-arbitrary.js';
export { FILTER_CASES, type FilterCase, INVALID_FILTER_CASES, type InvalidFilterCase } from './filter-cases.js';
export { HOSTILE_STRINGS, type HostileInputSuiteOptions, runHostileInputSuite } from './hostile-input-suite.js';
export { RANDOM_KEYS, randomCorpus, randomFilter, randomMeta, randomScalar } from './random-documents.js';
export { runStoreConformance, type StoreConformanceOptions } from './store-conformance.js';
export { useTempDir } from './use-temp-dir.js';
