-- The table PgvectorDocumentStore creates with the production options
-- { tableName: 'documents', embeddingDimension: 1024 (mxbai-embed-large), searchStrategy: 'hnsw' }
-- and its defaults (cosine, stored tsvector, meta GIN index, 'english' text search), so the app
-- starts on a ready schema and opening the store changes nothing
-- (checked by test/init-scripts.int.test.ts). Data checksums are an initdb option:
-- POSTGRES_INITDB_ARGS in docker-compose.yml.
CREATE TABLE IF NOT EXISTS "public"."documents" (
  id text PRIMARY KEY,
  content text NOT NULL DEFAULT '',
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  embedding vector(1024),
  "doc_type" text GENERATED ALWAYS AS (meta ->> 'doc_type') STORED,
  "title" text GENERATED ALWAYS AS (meta ->> 'title') STORED,
  "source_url" text GENERATED ALWAYS AS (meta ->> 'source_url') STORED,
  "processing_status" text GENERATED ALWAYS AS (meta ->> 'processing_status') STORED,
  "processing_error" text GENERATED ALWAYS AS (meta ->> 'processing_error') STORED,
  "embedding_model" text GENERATED ALWAYS AS (meta ->> 'embedding_model') STORED,
  content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED,
  embedding_version integer GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(meta -> 'embedding_version') = 'number' AND (meta ->> 'embedding_version') ~ '^-?[0-9]{1,9}$' THEN (meta ->> 'embedding_version')::integer END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_scale_factor = 0.1, autovacuum_analyze_scale_factor = 0.05, toast_tuple_target = 8160);

-- A 1024-d embedding fits in the heap tuple: keep it inline (pgvector defaults to EXTERNAL).
ALTER TABLE "public"."documents" ALTER COLUMN embedding SET STORAGE PLAIN;

CREATE INDEX IF NOT EXISTS "documents_keyword_idx" ON "public"."documents" USING gin (content_tsv);
CREATE INDEX IF NOT EXISTS "documents_meta_idx" ON "public"."documents" USING gin (meta jsonb_path_ops);
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw" ON "public"."documents" USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
