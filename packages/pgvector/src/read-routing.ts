import type { SqlClient } from './sql-client.js';

/** A PostgreSQL WAL position (`pg_lsn` text `X/Y`, both hex) as a number that orders correctly. */
export function parseLsn(lsn: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!match) throw new Error(`not a pg_lsn: ${JSON.stringify(lsn)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * Where a store's statements go when it has a read replica: writes (and DDL) always to the
 * primary; reads to the replica, except — with `readYourWrites` — while the replica has not yet
 * replayed the WAL of this store's last write, when they go to the primary. Without a replica
 * everything goes to the primary and nothing extra is sent.
 */
export class ReadRouting {
  /** WAL insert position of the primary after this store's last write, until the replica has replayed it. */
  private pending: bigint | undefined;
  /** The position of a write could not be read: reads go to the primary until a later write's can. */
  private lsnUnknown = false;

  constructor(
    readonly primary: SqlClient,
    readonly replica: SqlClient | undefined,
    private readonly readYourWrites: boolean,
  ) {}

  /**
   * Call after every write that committed (or DDL): records the primary's WAL insert position,
   * which is at or past the commit record, so a replica that has replayed it shows the write.
   */
  async afterWrite(): Promise<void> {
    if (!this.replica || !this.readYourWrites) return;
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      const lsn = parseLsn(rows[0]?.lsn ?? '');
      if (this.pending === undefined || lsn > this.pending) this.pending = lsn;
      this.lsnUnknown = false;
    } catch {
      // the write committed; without its position, read from the primary until a later write tells it
      this.lsnUnknown = true;
    }
  }

  /**
   * The client for a read: the replica once it has replayed this store's last write (one check on
   * the replica while a write is pending), else the primary. A server without a replay position
   * (not a physical standby) counts as current.
   */
  async reader(): Promise<SqlClient> {
    if (!this.replica) return this.primary;
    if (this.lsnUnknown) return this.primary;
    const pending = this.pending;
    if (pending === undefined) return this.replica;
    const { rows } = await this.replica.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
    const replayed = rows[0]?.lsn;
    if (replayed === null || replayed === undefined || parseLsn(replayed) >= pending) {
      if (this.pending === pending) this.pending = undefined;
      return this.replica;
    }
    return this.primary;
  }

  /** Closes both clients (each only ends what it owns). */
  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.replica?.close()]);
  }
}
