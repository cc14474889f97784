import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describeEmbedder } from '../models/describe-models.js';
import type { ServeEnv } from './serve-env.js';
import type { ServeOptions } from './serve-options.js';
import { serviceFigures } from './service-figures.js';
import type { ServiceRuntime } from './service-runtime.js';
import { checkStores } from './store-health.js';

/** Bounds of `/events?intervalMs=`. */
const MIN_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 60_000;

/**
 * `GET /health` (stores with latency, flags, rollout stage, circuits, outbox; 503 naming the
 * store when a required one is down), `GET /metrics` (Prometheus text) and `GET /events` (the live
 * figures as Server-Sent Events `figures` every interval and at once on a flag change, until the
 * client leaves or the server shuts down).
 */
export function statusRoutes(runtime: ServiceRuntime, options: ServeOptions, shutdown: AbortSignal): Hono<ServeEnv> {
  const routes = new Hono<ServeEnv>();

  routes.get('/health', async (c) => {
    const [stores, figures, embedder] = await Promise.all([
      checkStores(runtime, options.healthTimeoutMs),
      serviceFigures(runtime),
      runtime.embedder().catch(() => undefined),
    ]);
    const down = stores.filter((s) => s.required && !s.ok);
    const body = {
      status: down.length === 0 ? 'ok' : 'unavailable',
      ...(down.length > 0
        ? { reason: down.map((s) => `required store ${s.name} (${s.location}) is down: ${s.error}`).join('; ') }
        : {}),
      stores,
      generator: runtime.generator.name,
      embedder: embedder ? describeEmbedder(embedder) : null,
      ...figures,
    };
    return c.json(body, down.length === 0 ? 200 : 503);
  });

  routes.get('/metrics', async (c) => {
    const registry = runtime.registry;
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });

  routes.get('/events', (c) => {
    const asked = Number(c.req.query('intervalMs'));
    const intervalMs =
      Number.isFinite(asked) && asked > 0
        ? Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, asked))
        : options.eventsIntervalMs;
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const nudge = () => wake?.();
      const unsubscribe = runtime.flags.subscribe(nudge);
      shutdown.addEventListener('abort', nudge);
      stream.onAbort(nudge);
      let id = 0;
      try {
        while (!stream.aborted && !stream.closed && !shutdown.aborted) {
          await stream.writeSSE({ event: 'figures', id: String(++id), data: JSON.stringify(await serviceFigures(runtime)) });
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, intervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } finally {
        unsubscribe();
        shutdown.removeEventListener('abort', nudge);
      }
    });
  });

  return routes;
}
