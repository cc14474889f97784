import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import type { Document } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { storeContents } from '../test/store-contents.js';
import { FileOutbox } from './file-outbox.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { SILENT_LOGGER } from './logger.js';

const DIM = 8;
const vector = (i: number) => Array.from({ length: DIM }, (_, d) => Math.sin(i * 0.37 + d));
const doc = (client: number, n: number): Document => ({
  id: `c${client}-${n}`,
  content: `client ${client} document ${n}`,
  meta: { client, n },
  embedding: vector(client * 100 + n),
});

const pgUrl = inject('migrationPgUrl');
const chromaUrl = inject('migrationChromaUrl');

// 50 concurrent clients, each writing its own documents and reading (routed by its key) through
// one HybridDocumentStore in dual write, on the real PostgreSQL server and the real Chroma server.
describe.skipIf(!pgUrl || !chromaUrl)('HybridDocumentStore under 50 concurrent mixed clients (real servers)', () => {
  let dir: string;
  let target: PgvectorDocumentStore;
  let legacy: ChromaDocumentStore;
  let outbox: FileOutbox;
  let hybrid: HybridDocumentStore;
  const table = `conc_${randomUUID().slice(0, 8)}`;
  const appName = `synapse-conc-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-conc-'));
    const url = new URL(pgUrl as string);
    url.searchParams.set('application_name', appName);
    target = new PgvectorDocumentStore({
      connectionString: url.toString(),
      embeddingDimension: DIM,
      tableName: table,
      poolMax: 8,
    });
    legacy = new ChromaDocumentStore({ url: chromaUrl as string, collectionName: `conc-${randomUUID().slice(0, 8)}` });
    outbox = await FileOutbox.open(join(dir, 'outbox.jsonl'));
    hybrid = new HybridDocumentStore({
      legacy,
      target,
      outbox,
      logger: SILENT_LOGGER,
      flags: { enableDualWrite: true, usePgvector: false, pgvectorReadPercentage: 50, enableShadowReads: false },
    });
  });
  afterAll(async () => {
    await hybrid?.close();
    await outbox?.close();
    await target?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('no errors, every write in both stores, and no server connection left busy', async () => {
    const errors: unknown[] = [];
    let reads = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, client) => {
        for (let n = 0; n < 6; n++) {
          try {
            await hybrid.writeDocuments([doc(client, n)]);
            const found = await hybrid.embeddingRetrieval({
              queryEmbedding: vector(client * 100 + n),
              topK: 3,
              routingKey: `user-${client}`,
            });
            reads++;
            expect(found.length).toBeGreaterThan(0);
          } catch (error) {
            errors.push(error);
          }
        }
      }),
    );
    expect(errors).toEqual([]);
    expect(reads).toBe(300);
    expect(outbox.size).toBe(0);
    const [t, l] = await Promise.all([storeContents(target), storeContents(legacy)]);
    expect(t.size).toBe(300);
    expect(l).toEqual(t);
    // The store's pool: at most poolMax server connections, none still running a statement or in a transaction.
    const probe = new pg.Client({ connectionString: pgUrl as string });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ state: string | null }>(
        'SELECT state FROM pg_stat_activity WHERE application_name = $1',
        [appName],
      );
      expect(rows.length).toBeLessThanOrEqual(8);
      expect(rows.filter((r) => r.state !== 'idle')).toEqual([]);
    } finally {
      await probe.end();
    }
  }, 180_000);
});
