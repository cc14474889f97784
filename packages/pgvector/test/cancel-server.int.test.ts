import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgvectorDocumentStore } from '../src/pgvector-document-store.js';
import { uniqueTable } from './helpers.js';

const pgUrl = inject('pgUrl');

/** Polls `probe` until it returns a value; the deadline only guards against a hang (a pg_sleep(60) or a held lock). */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (!pgUrl) {
  describe.skip('abort cancels on the server — no server (scripts/install-postgres.sh or DATABASE_URL)', () => {
    it('needs a server', () => {});
  });
} else {
  describe('PostgreSQL: an aborted query is cancelled on the server', () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    let store: PgvectorDocumentStore;

    /** The backend running a statement whose text contains `marker`, with its state and wait. */
    const backend = async (marker: string) =>
      (
        await admin.query<{ pid: number; state: string; wait_event_type: string | null }>(
          'SELECT pid, state, wait_event_type FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE $1',
          [`%${marker}%`],
        )
      ).rows[0];

    beforeAll(async () => {
      await admin.connect();
      store = new PgvectorDocumentStore({
        connectionString: pgUrl,
        tableName: uniqueTable('cancel'),
        embeddingDimension: 2,
        searchStrategy: 'hnsw',
      });
      await store.writeDocuments([
        { id: 'a', content: 'alpha', meta: { k: 1 }, embedding: [1, 0] },
        { id: 'b', content: 'beta', meta: { k: 2 }, embedding: [0, 1] },
      ]);
    });
    afterAll(async () => {
      await store.dropTable();
      await store.close();
      await admin.end();
    });

    it('store.query: the running pg_sleep stops on the server and the call rejects with the abort reason', async () => {
      const marker = uniqueTable('sleep');
      const ctrl = new AbortController();
      const reason = new Error('the user gave up');
      const call = store.query(`SELECT pg_sleep(60) AS "${marker}"`, [], { signal: ctrl.signal });
      call.catch(() => {});
      const running = await waitFor('pg_sleep to run', async () => {
        const b = await backend(marker);
        return b?.state === 'active' ? b : undefined;
      });
      ctrl.abort(reason);
      await expect(call).rejects.toBe(reason);
      // cancelled, not merely abandoned: the backend leaves the 60 s sleep (its connection is then discarded)
      await waitFor('the backend to stop', async () => {
        const b = await backend(marker);
        return b === undefined || b.pid !== running.pid || b.state !== 'active' ? true : undefined;
      });
      expect(await store.countDocuments()).toBe(2);
    });

    it('embeddingRetrieval (HNSW + filter: iterative-scan settings inside the statement) blocked on a lock is cancelled; the store goes on working', async () => {
      const locker = new pg.Client({ connectionString: pgUrl });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE ${store.qualifiedTableName} IN ACCESS EXCLUSIVE MODE`);
        const ctrl = new AbortController();
        const reason = new Error('timeout from the caller');
        const call = store.embeddingRetrieval({
          queryEmbedding: [1, 0],
          topK: 1,
          filters: { field: 'meta.k', operator: '>=', value: 1 },
          signal: ctrl.signal,
        });
        call.catch(() => {});
        const table = store.options.tableName;
        const waiting = await waitFor('the query to wait on the lock', async () => {
          const b = await backend(table);
          return b?.state === 'active' && b.wait_event_type === 'Lock' ? b : undefined;
        });
        ctrl.abort(reason);
        await expect(call).rejects.toBe(reason);
        await waitFor('the backend to stop waiting', async () => {
          const b = await backend(table);
          return b === undefined || b.pid !== waiting.pid || b.wait_event_type !== 'Lock' ? true : undefined;
        });
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      const found = await store.embeddingRetrieval({
        queryEmbedding: [1, 0],
        topK: 1,
        filters: { field: 'meta.k', operator: '>=', value: 1 },
      });
      expect(found.map((d) => d.id)).toEqual(['a']);
    });

    it('an abort while waiting for a free pooled connection rejects at once and returns the connection later', async () => {
      const pool = new pg.Pool({ connectionString: pgUrl, max: 1 });
      const small = new PgvectorDocumentStore({
        pool,
        tableName: store.options.tableName,
        embeddingDimension: 2,
        createTable: false,
      });
      try {
        await small.initialize();
        // with a signal the first call probes the server once (capabilities): done here, so the
        // call below waits in pool.connect() itself
        await small.keywordRetrieval({ query: 'alpha', topK: 1, signal: new AbortController().signal });
        const held = await pool.connect();
        const ctrl = new AbortController();
        const reason = new Error('no free connection in time');
        const call = small.keywordRetrieval({ query: 'alpha', topK: 1, signal: ctrl.signal });
        call.catch(() => {});
        await waitFor('the call to wait for the pool', async () => (pool.waitingCount === 1 ? true : undefined));
        ctrl.abort(reason);
        await expect(call).rejects.toBe(reason);
        held.release();
        await waitFor('the connection to return', async () =>
          pool.waitingCount === 0 && pool.idleCount === 1 ? true : undefined,
        );
        expect((await small.keywordRetrieval({ query: 'alpha', topK: 1 })).map((d) => d.id)).toEqual(['a']);
      } finally {
        await small.close();
        await pool.end();
      }
    });

    it('an already aborted signal sends nothing to the server', async () => {
      const marker = uniqueTable('never');
      const ctrl = new AbortController();
      ctrl.abort(new Error('before'));
      await expect(store.query(`SELECT 1 AS "${marker}"`, [], { signal: ctrl.signal })).rejects.toThrow('before');
      expect(await backend(marker)).toBeUndefined();
    });
  });
}
