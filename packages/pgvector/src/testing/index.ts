/** `@synapse-rag/pgvector/testing` — throwaway servers for tests and benchmarks. */
export { startReplica } from './pg-replica.js';
export {
  asPostgres,
  freePort,
  localPostgresAvailable,
  PG_BIN,
  startPgliteServer,
  startPostgres,
  type ThrowawayServer,
} from './pg-server.js';
