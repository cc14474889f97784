import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL (or pglite-server) started for tests or benchmarks. */
export interface ThrowawayServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Whether Debian's PostgreSQL binaries and pgvector (`vector.so` + control file) are installed. */
export async function localPostgresAvailable(): Promise<{ ok: boolean; reason?: string }> {
  if (!existsSync(join(PG_BIN, 'initdb'))) return { ok: false, reason: `${PG_BIN}/initdb not found` };
  try {
    const { stdout: lib } = await run(join(PG_BIN, 'pg_config'), ['--pkglibdir']);
    const { stdout: share } = await run(join(PG_BIN, 'pg_config'), ['--sharedir']);
    if (!existsSync(join(lib.trim(), 'vector.so')) || !existsSync(join(share.trim(), 'extension', 'vector.control'))) {
      return { ok: false, reason: 'pgvector (vector.so) is not installed for this PostgreSQL' };
    }
  } catch (err) {
    return { ok: false, reason: `pg_config failed: ${(err as Error).message}` };
  }
  return { ok: true };
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb refuses root). */
export async function asPostgres(bin: string, args: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]);
  else await run(join(PG_BIN, bin), args);
}

/** A new temp directory (mode 700) owned by the `postgres` user when we are root, for a cluster's files. */
export async function postgresTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  return dir;
}

/**
 * initdb's a temp cluster, starts it on a free port on 127.0.0.1 (socket in the data dir) and
 * creates the `vector` extension in the `postgres` database. `stop()` runs `pg_ctl stop -m fast`
 * and removes the directory.
 */
export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<ThrowawayServer> {
  const dataDir = await postgresTempDir('synapse-pg-');
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '120',
    shared_buffers: '256MB',
    maintenance_work_mem: '512MB',
    ...options.settings,
  };
  const opts = [`-p ${port}`, `-k ${dataDir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  try {
    await asPostgres('initdb', ['-D', join(dataDir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    await asPostgres('pg_ctl', ['-D', join(dataDir, 'data'), '-o', opts, '-l', join(dataDir, 'log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return { url, port, dataDir, stop: clusterStopper(dataDir) };
}

/**
 * `stop()` of a cluster in `dir/data`: `pg_ctl stop -m fast`, then removes `dir`. Idempotent: a
 * signal handler and a finally block may both call it.
 */
export function clusterStopper(dir: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      try {
        await asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    return stopping;
  };
}

/** Finds `node_modules/.bin/<name>` walking up from this file, then from the working directory. */
function findBin(name: string): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'node_modules', '.bin', name);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`${name} not found in any node_modules/.bin (install @electric-sql/pglite-socket)`);
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pglite-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((res) => {
      const s = new Socket();
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => {
        s.destroy();
        res(false);
      });
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`pglite-server did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Starts `pglite-server` (PGlite over the wire protocol, with pgvector) directly — not via npx,
 * so stopping the pid stops the server. `binDir` is the `node_modules/.bin` holding it.
 */
export async function startPgliteServer(options: { binDir?: string; maxConnections?: number } = {}): Promise<ThrowawayServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'synapse-pglite-server-'));
  const port = await freePort();
  const bin = options.binDir ? resolve(options.binDir, 'pglite-server') : findBin('pglite-server');
  const child = spawn(
    bin,
    [
      `--db=${dataDir}`,
      `--port=${port}`,
      '--host=127.0.0.1',
      '-e',
      '@electric-sql/pglite-pgvector:vector',
      '-m',
      String(options.maxConnections ?? 5),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    await waitForPort(port, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dataDir, stop };
}
