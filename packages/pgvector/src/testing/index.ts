/** `@synapse-rag/pgvector/testing` — throwaway servers for tests and benchmarks. */
export { PG_BIN, type ThrowawayServer, freePort, localPostgresAvailable, startPgliteServer, startPostgres } from './pg-server.js';
