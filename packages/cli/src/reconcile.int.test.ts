import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import type { Document } from '@synapse-rag/core';
import { FileOutbox } from '@synapse-rag/migration';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

const pgUrl = inject('migrationPgUrl');
const chromaUrl = inject('migrationChromaUrl');

const doc = (i: number, content = `document ${i}`): Document => ({
  id: `r-${String(i).padStart(3, '0')}`,
  content,
  meta: { n: i },
  embedding: Array.from({ length: 8 }, (_, k) => Math.fround(Math.sin(i * 8 + k))),
});

describe.skipIf(!pgUrl)('synapse reconcile (pgvector server → Chroma, with outbox replay)', () => {
  let dir: string;
  let pgStore: PgvectorDocumentStore;
  let chroma: ChromaDocumentStore;
  const schema = `cli_reconcile_${process.pid}`;
  const collection = `reconcile-${process.pid}-${Date.now()}`;
  const args = () => ['--source', `${pgUrl}#${schema}.docs`, '--target', `chroma:${chromaUrl}/${collection}`, '--dimension', '8'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-cli-reconcile-'));
    pgStore = new PgvectorDocumentStore({
      connectionString: pgUrl as string,
      schemaName: schema,
      tableName: 'docs',
      embeddingDimension: 8,
    });
    chroma = new ChromaDocumentStore({ url: chromaUrl, collectionName: collection });
    const docs = Array.from({ length: 50 }, (_, i) => doc(i));
    await pgStore.writeDocuments([...docs, doc(99, 'queued in the outbox')]);
    await chroma.writeDocuments(docs);
    await chroma.deleteDocuments([doc(10).id]);
    await chroma.writeDocuments([doc(20, 'edited only in chroma'), doc(77, 'only in chroma')], { policy: 'overwrite' });
    const outbox = await FileOutbox.open(join(dir, 'outbox.jsonl'));
    await outbox.append({ op: 'write', documents: [doc(99, 'queued in the outbox')], policy: 'overwrite' });
    await outbox.close();
  });
  afterAll(async () => {
    await pgStore?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await pgStore?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('replays the outbox, names each difference (exit 3), repairs from the source, then finds none', async () => {
    const diff = await runCli(['reconcile', ...args(), '--outbox', join(dir, 'outbox.jsonl')]);
    expect(diff.code, diff.stderr).toBe(3);
    expect(diff.stdout).toContain('outbox: 1 entries replayed, 0 left');
    expect(diff.stdout).toContain('3 difference(s) between 51 source and 51 target documents');
    expect(diff.stdout).toContain('r-010: missing');
    expect(diff.stdout).toContain('r-020: content');
    expect(diff.stdout).toContain('r-077: extra');
    expect(diff.stdout).not.toContain('r-099');

    const repair = await runCli(['reconcile', ...args(), '--repair', '--delete-extra']);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toContain('repaired 2, deleted 1');
    const again = await runCli(['reconcile', ...args(), '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sourceCount: 51, targetCount: 51, differences: [] });
    expect((await chroma.getDocumentsByIds(['r-020'])).get('r-020')?.content).toBe('document 20');
  });
});
