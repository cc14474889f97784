/**
 * @synapse-rag/chroma — a ChromaDB document store, an embedding retriever, the filter
 * translation to Chroma `where` / `whereDocument`, and a helper to run a local Chroma server.
 */
export * from './chroma-connection.js';
export * from './chroma-document-store.js';
export * from './chroma-embedding-retriever.js';
export * from './chroma-server.js';
export * from './chroma-store-options.js';
export * from './filter-to-chroma.js';
export * from './metadata-codec.js';
export * from './scores.js';
export * from './store-embedder.js';
