import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { asPostgres, clusterStopper, freePort, postgresTempDir, type ThrowawayServer } from './pg-server.js';

/**
 * Starts a streaming read replica of a throwaway primary (see `startPostgres`): `pg_basebackup -R`
 * (a base backup plus `standby.signal` and `primary_conninfo`) into a temp dir, then a second
 * `postgres` on a free port of 127.0.0.1 as a hot standby; resolves once it accepts read-only
 * connections. The primary's defaults suffice (`wal_level = replica`, `max_wal_senders`, the
 * trust replication line `initdb -A trust` writes); the settings a hot standby must not set lower
 * than its primary are copied from it. `stop()` stops this server only and removes
 * its directory; stop it before its primary.
 */
export async function startReplica(primary: Pick<ThrowawayServer, 'port' | 'url'>): Promise<ThrowawayServer> {
  const settings = { ...(await standbyMinimums(primary.url)), listen_addresses: '127.0.0.1', hot_standby: 'on' };
  const dataDir = await postgresTempDir('synapse-pg-replica-');
  const port = await freePort();
  const data = join(dataDir, 'data');
  const opts = [`-p ${port}`, `-k ${dataDir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  try {
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', join(dataDir, 'log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dataDir, stop: clusterStopper(dataDir) };
}

/** The primary's values of the settings a hot standby refuses to start below (PostgreSQL's rule). */
async function standbyMinimums(url: string): Promise<Record<string, string>> {
  const names = [
    'max_connections',
    'max_worker_processes',
    'max_wal_senders',
    'max_prepared_transactions',
    'max_locks_per_transaction',
  ];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      'SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])',
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}
