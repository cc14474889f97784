import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_COMMAND, runCli } from '../../test/run-cli.js';

/** Env of a spawned service: the embedded store, no Ollama, no servers from the caller's environment. */
const ENV = { DATABASE_URL: '', CHROMA_URL: '', OLLAMA_HOST: 'http://127.0.0.1:9', SYNAPSE_ADMIN_TOKEN: '' };

/** Starts `synapse serve` and resolves its URL once it prints the `listening` line. */
function startServe(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [...CLI_COMMAND, 'serve', ...args], { env: { ...process.env, ...ENV } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"event":"listening"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`synapse serve exited with ${code} before listening:\n${stderr}`)));
  });
}

describe('synapse serve (process)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('--help names the options and exits 0', async () => {
    const res = await runCli(['serve', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: synapse serve');
    for (const option of [
      '--port <n>',
      '--host <address>',
      '--flags-file <file>',
      '--database-url <url>',
      '--pglite-dir <dir>',
    ]) {
      expect(res.stdout).toContain(option);
    }
    expect(res.stdout).toContain('(default: 8101)');
    expect(res.stdout).toContain('SYNAPSE_ADMIN_TOKEN');
  });

  it('refuses a short SYNAPSE_ADMIN_TOKEN with exit 2', async () => {
    const res = await runCli(['serve', '--port', '0'], { ...ENV, SYNAPSE_ADMIN_TOKEN: 'short' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('SYNAPSE_ADMIN_TOKEN must be at least 16 characters');
  });

  it('on SIGTERM stops accepting, ends /events, lets a slow in-flight request finish, closes the store and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-serve-process-'));
    dirs.push(dir);
    const { child, url, stderr } = await startServe(['--port', '0', '--pglite-dir', join(dir, 'db')]);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);

      // A dashboard's live stream: must not hold the shutdown up.
      const events = await fetch(`${url}/events`);
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: figures');

      // A slow client: the request is in flight while its body is still arriving.
      const body = JSON.stringify({ query: 'What is in the index?' });
      const slow = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${url}/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 5));
        setTimeout(() => {
          child.kill('SIGTERM');
          // Give the service time to stop listening, then check it refuses new connections.
          setTimeout(async () => {
            try {
              await fetch(`${url}/health`);
              reject(new Error('a new connection was accepted after SIGTERM'));
            } catch {
              req.end(body.slice(5));
            }
          }, 700);
        }, 300);
      });

      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ question: 'What is in the index?', sources: [] });
      expect((await reader.read()).done).toBe(true);
      expect(await exited).toEqual({ code: 0, signal: null });
      // In flight at SIGTERM: the /events stream and the slow query.
      expect(stderr()).toMatch(/SIGTERM: draining 2 request\(s\)/);
      expect(stderr()).toContain('[synapse serve] stopped');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
