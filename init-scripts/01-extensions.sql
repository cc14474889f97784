-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d).
-- pgvector for the store; pg_stat_statements for the runbook's monitoring queries
-- (shared_preload_libraries is set in docker-compose.yml).
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
