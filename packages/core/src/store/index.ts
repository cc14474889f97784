export * from './abort.js';
export type { Bm25Algorithm, Bm25Parameters } from './bm25-index.js';
export { createTokenizer } from './bm25-index.js';
export * from './deserialize-store.js';
export * from './duplicate-policy.js';
export * from './in-memory-document-store.js';
export * from './retrieval-options.js';
export * from './store-component.js';
