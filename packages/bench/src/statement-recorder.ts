import type pg from 'pg';

/** One statement as node-postgres received it. */
export interface Statement {
  text: string;
  values?: unknown[];
}

/**
 * Records the statements a store sends through a caller's `pg.Pool` (every pooled connection's
 * `query`, so transactions are recorded statement by statement), so the benchmark can replay
 * exactly those statements through bare `pg` as the floor no library code can beat.
 */
export class StatementRecorder {
  private recording: Statement[] | undefined;

  /** Wraps the `query` of every connection `pool` opens from now on. */
  constructor(pool: pg.Pool) {
    pool.on('connect', (client) => {
      const original = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const [first, second] = args;
        if (this.recording && typeof first === 'string')
          this.recording.push({ text: first, ...(Array.isArray(second) ? { values: second } : {}) });
        return original(...args);
      };
    });
  }

  /** The statements sent while `fn` ran (nothing else may use the pool meanwhile). */
  async record(fn: () => Promise<unknown>): Promise<Statement[]> {
    this.recording = [];
    try {
      await fn();
      return this.recording;
    } finally {
      this.recording = undefined;
    }
  }
}

/** Sends `statements` through bare `pg`: one statement via `pool.query`, several in order on one connection. */
export async function replay(pool: pg.Pool, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 1) {
    const [s] = statements as [Statement];
    await pool.query(s.text, s.values);
    return;
  }
  const client = await pool.connect();
  try {
    for (const s of statements) await client.query(s.text, s.values);
  } finally {
    client.release();
  }
}
