import { StoreUnavailableError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { splitEvenly, writeRowsParallel } from './parallel-write.js';
import { PgvectorStoreOptionsSchema } from './pgvector-store-options.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { tableLayout } from './table-layout.js';

const layout = tableLayout(PgvectorStoreOptionsSchema.parse({ tableName: 't', embeddingDimension: 2 }));
const rows = Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, content: `c${i}`, meta: {}, embedding: [i, 1] }));
const settings = { copy: true, insertBatchSize: 500 };

/** A client whose transactions record what happened to them; `fail` decides where stream `i` fails. */
function fakeClient(fail: (stream: number, at: 'copy' | 'commit') => boolean, copyDelayMs = (i: number) => 5 * i) {
  const log: string[] = [];
  let opened = 0;
  const client = {
    kind: 'pg',
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const i = opened++;
      const tx: SqlExecutor = {
        query: async () => ({ rows: [], rowCount: 0 }),
        copyFromBinary: async (_t, _c, chunks) => {
          for (const _ of chunks as Iterable<Uint8Array>);
          await new Promise((r) => setTimeout(r, copyDelayMs(i))); // later streams finish later
          if (fail(i, 'copy')) throw Object.assign(new Error(`row rejected in stream ${i}`), { code: '23514' });
          return 5;
        },
      };
      try {
        const out = await fn(tx);
        if (fail(i, 'commit')) throw new Error(`connection lost at COMMIT of stream ${i}`);
        log.push(`commit ${i}`);
        return out;
      } catch (err) {
        log.push(`rollback ${i}`);
        throw err;
      }
    },
  } as unknown as SqlClient;
  return { client, log };
}

describe('splitEvenly', () => {
  it('cuts into contiguous, nearly equal, non-empty slices', () => {
    expect(splitEvenly([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(splitEvenly([1, 2], 5)).toEqual([[1], [2]]);
    expect(splitEvenly([1, 2, 3], 1)).toEqual([[1, 2, 3]]);
  });
});

describe('writeRowsParallel (commit barrier)', () => {
  it('commits every stream after all have written', async () => {
    const { client, log } = fakeClient(() => false);
    expect(await writeRowsParallel(client, layout, rows, 'fail', settings, 2)).toBe(10);
    expect(log.sort()).toEqual(['commit 0', 'commit 1']);
  });

  it('rolls every stream back when one fails while writing, even one that had finished', async () => {
    const { client, log } = fakeClient((i, at) => i === 1 && at === 'copy');
    await expect(writeRowsParallel(client, layout, rows, 'fail', settings, 2)).rejects.toThrow('row rejected in stream 1');
    expect(log.sort()).toEqual(['rollback 0', 'rollback 1']);
  });

  it('reports a failure between the commits as a partial commit naming the streams', async () => {
    const { client } = fakeClient((i, at) => i === 1 && at === 'commit');
    const err = await writeRowsParallel(client, layout, rows, 'fail', settings, 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).details).toEqual({
      committedStreams: [0],
      committedDocuments: [5],
      failedStreams: [1],
      failedDocuments: [5],
    });
  });

  it('rolls every stream back when the others have not written within barrierTimeoutMs (a wait PostgreSQL cannot see)', async () => {
    // stream 1 is held (as by a row lock of another writer) long after stream 0 has written
    const { client, log } = fakeClient(
      () => false,
      (i) => (i === 1 ? 300 : 0),
    );
    const err = await writeRowsParallel(client, layout, rows, 'fail', settings, 2, 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/had not written their slices 50 ms after the first had .* nothing was written/);
    expect(log.sort()).toEqual(['rollback 0', 'rollback 1']);
  });

  it('does not time out when the streams meet within barrierTimeoutMs', async () => {
    const { client, log } = fakeClient(
      () => false,
      (i) => (i === 1 ? 20 : 0),
    );
    expect(await writeRowsParallel(client, layout, rows, 'fail', settings, 2, 1000)).toBe(10);
    expect(log.sort()).toEqual(['commit 0', 'commit 1']);
  });
});
