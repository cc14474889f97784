import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './create-app.js';
import type { ServeEnv } from './serve-env.js';
import { type ServeOptionsInput, ServeOptionsSchema } from './serve-options.js';
import type { ServiceRuntime } from './service-runtime.js';

/** A listening service. */
export interface RunningServer {
  /** `http://host:port` (the bound port: useful with port 0). */
  url: string;
  port: number;
  app: Hono<ServeEnv>;
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Graceful shutdown: stops accepting connections, ends the `/events` streams, lets in-flight
   * requests finish (up to `drainTimeoutMs`, then their connections are closed), then closes the
   * runtime (shadow reads, outbox, pools, PGlite). Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Serves {@link createApp} on `host:port` with Node's HTTP server (`@hono/node-server`); port 0
 * picks a free port. The runtime is owned by the server from now on: `close()` closes it.
 */
export async function startServer(runtime: ServiceRuntime, options: ServeOptionsInput = {}): Promise<RunningServer> {
  const opts = ServeOptionsSchema.parse(options);
  const shutdown = new AbortController();
  const app = createApp(runtime, opts, { shutdown: shutdown.signal });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    inFlight: () => inFlight,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections go as soon as they are idle; busy ones after their response.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => {
          runtime.logger.warn(
            `shutdown: ${inFlight} request(s) still running after ${opts.drainTimeoutMs} ms; closing their connections`,
          );
          server.closeAllConnections();
        }, opts.drainTimeoutMs);
        server.closeIdleConnections();
        try {
          await closed;
        } finally {
          clearInterval(sweep);
          clearTimeout(force);
          await runtime.close();
        }
      })();
      return closing;
    },
  };
}
