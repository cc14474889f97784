import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import { createDocument } from '@synapse-rag/core';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StoreTimeoutError } from './errors.js';
import { FailoverDocumentStore } from './failover-document-store.js';
import { SILENT_LOGGER } from './logger.js';
import type { MigrationEvent } from './migration-events.js';

/**
 * A TCP proxy in front of the real PostgreSQL server that can make it hang: while `hanging`,
 * bytes in both directions are held back (connections stay open, queries never answer); when it
 * recovers, the held bytes are delivered and the connections carry on.
 */
class HangingProxy {
  hanging = false;
  private readonly held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly upstreamPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.upstreamPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      const forward = (from: Socket, to: Socket) =>
        from.on('data', (chunk: Buffer) => {
          if (this.hanging) this.held.push(() => to.write(chunk));
          else to.write(chunk);
        });
      forward(client, upstream);
      forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  recover(): void {
    this.hanging = false;
    for (const deliver of this.held.splice(0)) deliver();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const pgUrl = inject('migrationPgUrl');

describe.skipIf(!pgUrl)('FailoverDocumentStore with a real PostgreSQL primary that hangs and a real Chroma fallback', () => {
  let proxy: HangingProxy;
  let primary: PgvectorDocumentStore;
  let fallback: ChromaDocumentStore;

  beforeAll(async () => {
    const url = new URL(pgUrl!);
    proxy = new HangingProxy(url.hostname, Number(url.port));
    await proxy.start();
    url.port = String(proxy.port);
    primary = new PgvectorDocumentStore({
      connectionString: url.toString(),
      embeddingDimension: 2,
      tableName: `failover_${randomUUID().slice(0, 8)}`,
    });
    fallback = new ChromaDocumentStore({
      collectionName: `failover-${randomUUID().slice(0, 8)}`,
      url: inject('migrationChromaUrl'),
    });
    const docs = ['a', 'b', 'c'].map((id) => createDocument({ id, content: `doc ${id}`, embedding: [1, id.charCodeAt(0)] }));
    await primary.writeDocuments(docs);
    await fallback.writeDocuments(docs.slice(0, 2));
  });
  afterAll(async () => {
    proxy.recover();
    await primary?.close();
    await proxy?.stop();
  });

  it('times out within timeoutMs, opens after N, serves Chroma while open, probes after the cool-down and closes', async () => {
    const timeoutMs = 400;
    const store = new FailoverDocumentStore({
      primary,
      fallback,
      failureThreshold: 2,
      timeoutMs,
      cooldownMs: 300,
      logger: SILENT_LOGGER,
    });
    const events: MigrationEvent[] = [];
    store.onEvent((e) => events.push(e));
    const states = () => events.flatMap((e) => (e.type === 'circuit:state' ? [e.to] : []));

    expect(await store.countDocuments()).toBe(3);
    proxy.hanging = true;
    expect(await store.countDocuments()).toBe(2); // the primary hangs: Chroma answers after timeoutMs
    expect(store.state).toBe('closed');
    expect(await store.countDocuments()).toBe(2);
    expect(store.state).toBe('open');
    const primaryCalls = events.flatMap((e) => (e.type === 'store:call' && e.role === 'primary' ? [e] : []));
    const timedOut = primaryCalls.filter((e) => e.error instanceof StoreTimeoutError);
    expect(timedOut).toHaveLength(2);
    // The hung calls were abandoned at the time-out, not when PostgreSQL answered (it never did).
    for (const call of timedOut) expect(call.durationMs).toBeLessThan(timeoutMs + 1000);

    const callsBefore = primaryCalls.length;
    expect((await store.filterDocuments()).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect(events.filter((e) => e.type === 'store:call' && e.role === 'primary')).toHaveLength(callsBefore);

    proxy.recover();
    await new Promise((r) => setTimeout(r, 350)); // let the cool-down pass
    expect(await store.countDocuments()).toBe(3); // the probe reached PostgreSQL
    expect(states()).toEqual(['open', 'half-open', 'closed']);
    await store.close();
  });
});
