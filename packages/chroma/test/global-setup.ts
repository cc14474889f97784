import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type ChromaServer, startChromaServer } from '../src/chroma-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://host:port` of the Chroma server the integration tests use. */
    chromaUrl: string;
  }
}

/**
 * Starts ONE real Chroma server for the whole test run (fresh temp data dir, 127.0.0.1, free
 * port), unless `CHROMA_URL` points at one. Stopped by pid at the end; the data dir is removed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.CHROMA_URL;
  if (external) {
    project.provide('chromaUrl', external.replace(/\/+$/, ''));
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'synapse-chroma-test-'));
  let server: ChromaServer;
  try {
    server = await startChromaServer({ path: join(dir, 'data') });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('chromaUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
