import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/**
 * `node --import tsx --conditions=source packages/cli/src/bin.ts`: the CLI from source as ONE
 * process (the `tsx` binary would run it in a child process that a SIGKILL of the parent leaves
 * running).
 */
export const CLI_COMMAND = [
  '--import',
  pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
  '--conditions=source',
  join(root, 'packages', 'cli', 'src', 'bin.ts'),
];

/** What a finished CLI process printed and returned. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `synapse <args>` to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Starts `synapse <args>` (which must print JSON lines) and SIGKILLs it once `afterLines` lines
 * whose `event` is `batch` have been printed, plus `extraMs`. Resolves how the process ended and
 * how many batch lines it printed (it may finish first).
 */
export function runCliKilled(
  args: readonly string[],
  afterLines: number,
  extraMs: number,
): Promise<CliResult & { batches: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let batches = 0;
    let killed = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      batches = stdout.split('\n').filter((l) => l.startsWith('{"event":"batch"')).length;
      if (batches >= afterLines && !killed) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, batches, killed: signal === 'SIGKILL' }));
  });
}
