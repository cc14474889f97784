import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { StoreUnavailableError } from '@synapse-rag/core';

/** A local `chroma run` server started by {@link startChromaServer}. */
export interface ChromaServer {
  url: string;
  host: string;
  port: number;
  /** Data directory. */
  path: string;
  pid: number;
  /** Stops this server (SIGTERM, then SIGKILL after `timeoutMs`) and waits for it to exit. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartChromaServerOptions {
  /** Persistence directory (created by Chroma if missing). */
  path: string;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default a free port */
  port?: number;
  /** How long to wait for `GET /api/v2/heartbeat`. @default 30000 */
  readyTimeoutMs?: number;
}

/** A TCP port that is free right now on `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Path of the `chroma` CLI script shipped with the `chromadb` package. */
export function chromaCliPath(): string {
  const require = createRequire(import.meta.url);
  // `chromadb` resolves to dist/cjs/chromadb.cjs under require; the CLI is dist/cli.mjs.
  return join(dirname(dirname(require.resolve('chromadb'))), 'cli.mjs');
}

/**
 * Starts `node <chromadb>/dist/cli.mjs run --path DIR --host HOST --port PORT` directly (not
 * through npx, whose death would leave the server running), waits for the heartbeat and checks
 * that its own process is still alive (another server may already hold the port).
 */
export async function startChromaServer(options: StartChromaServerOptions): Promise<ChromaServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const url = `http://${host}:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [chromaCliPath(), 'run', '--path', options.path, '--host', host, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });
  const pid = child.pid;
  const stop = async (timeoutMs = 10_000) => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited !== undefined || pid === undefined) break;
    try {
      const response = await fetch(`${url}/api/v2/heartbeat`);
      if (response.ok) {
        // Make sure the answer came from OUR process, not a server already on that port.
        await new Promise((r) => setTimeout(r, 150));
        if (exited === undefined) {
          child.stdout?.resume();
          child.stderr?.resume();
          return { url, host, port, path: options.path, pid, stop };
        }
        break;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(2000);
  throw new StoreUnavailableError(
    `Could not start a Chroma server on ${url} (exit code ${String(exited)}): ${output.trim().split('\n').slice(-5).join(' | ')}`,
    { details: { url } },
  );
}
