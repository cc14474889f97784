/**
 * init-scripts/*.sql (what docker-compose.yml's PostgreSQL runs on first start) applied to a
 * throwaway cluster: PgvectorDocumentStore with the production options must open on that schema,
 * read and write, and leave the catalog exactly as the scripts made it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocument } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { localPostgresAvailable, startPostgres, type ThrowawayServer } from '@synapse-rag/pgvector/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const available = await localPostgresAvailable();
if (!available.ok && (process.env.CI === 'true' || process.env.CI === '1')) {
  throw new Error(`CI=true but no PostgreSQL with pgvector is available (${available.reason}).`);
}
if (!available.ok) console.warn(`\n!!! init-scripts: NO POSTGRESQL SERVER (${available.reason}) — SKIPPED !!!\n`);

/** Everything about public.documents a store could change: columns, storage, options, indexes, constraints. */
const CATALOG_SQL = `
SELECT 'column' AS kind, a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
       || ' storage=' || a.attstorage::text || ' generated=' || a.attgenerated::text
       || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS def
  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = 'public.documents'::regclass AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'reloptions', coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'public.documents'::regclass
UNION ALL
SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'documents'
UNION ALL
SELECT 'constraint', conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.documents'::regclass
ORDER BY 1, 2`;

describe.skipIf(!available.ok)('init-scripts/ on PostgreSQL', () => {
  let server: ThrowawayServer;
  let url: string;
  let pool: pg.Pool;
  const catalog = async () =>
    (await pool.query<{ kind: string; def: string }>(CATALOG_SQL)).rows.map((r) => `${r.kind}: ${r.def}`);

  beforeAll(async () => {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE init_scripts');
    await admin.end();
    url = server.url.replace(/\/postgres$/, '/init_scripts');
    pool = new pg.Pool({ connectionString: url, max: 2 });
    const scripts = readdirSync(join(root, 'init-scripts'))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const script of scripts) await pool.query(readFileSync(join(root, 'init-scripts', script), 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('creates the table the store expects, which opening the store leaves unaltered', async () => {
    const before = await catalog();
    expect(before).toContain('column: embedding vector(1024) notnull=false storage=p generated= default=');
    expect(before.filter((l) => l.startsWith('index:'))).toHaveLength(4); // primary key, keyword, meta, HNSW

    const store = new PgvectorDocumentStore({ connectionString: url, embeddingDimension: 1024, searchStrategy: 'hnsw' });
    try {
      const embedding = Array.from({ length: 1024 }, (_, i) => (i === 7 ? 1 : 0.001));
      await store.writeDocuments([
        createDocument({ content: 'Checksums catch corrupted pages.', meta: { title: 'ops' }, embedding }),
      ]);
      expect(await store.countDocuments()).toBe(1);
      const [hit] = await store.embeddingRetrieval({ queryEmbedding: embedding, topK: 1 });
      expect(hit?.meta['title']).toBe('ops');
    } finally {
      await store.close();
    }
    expect(await catalog()).toEqual(before);
  });

  it('the extensions the compose file relies on are installed', async () => {
    const { rows } = await pool.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY 1');
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['pg_stat_statements', 'vector']));
  });
});
