export * from './in-memory-bm25-retriever.js';
export * from './in-memory-embedding-retriever.js';
export * from './retriever-sockets.js';
export * from './store-retriever.js';
