import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { adminRoutes } from './admin-routes.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { errorAnswer, HttpError, RequestTimeoutError } from './http-errors.js';
import { queryRoutes } from './query-routes.js';
import type { ServeEnv } from './serve-env.js';
import { type ServeOptionsInput, ServeOptionsSchema } from './serve-options.js';
import type { ServiceRuntime } from './service-runtime.js';
import { statusRoutes } from './status-routes.js';

/** Every route and its methods (405 with `Allow` for a known path and another method). */
export const ROUTES: ReadonlyArray<{ path: string; methods: readonly string[] }> = [
  { path: '/', methods: ['GET'] },
  { path: '/health', methods: ['GET'] },
  { path: '/metrics', methods: ['GET'] },
  { path: '/events', methods: ['GET'] },
  { path: '/pipeline', methods: ['GET'] },
  { path: '/query', methods: ['POST'] },
  { path: '/index', methods: ['POST'] },
  { path: '/admin/flags', methods: ['GET', 'PUT'] },
  { path: '/admin/rollout/advance', methods: ['POST'] },
  { path: '/admin/rollout/rollback', methods: ['POST'] },
  { path: '/admin/reconcile', methods: ['POST'] },
];

/** Live hooks of {@link createApp} (not options: they are objects, not settings). */
export interface AppHooks {
  /** Aborted when the server shuts down: ends the `/events` streams so the drain can finish. */
  shutdown?: AbortSignal;
}

/**
 * The `synapse serve` HTTP application (Hono) over an opened {@link ServiceRuntime}: JSON APIs
 * for queries, indexing, health, metrics, the pipeline drawing, live figures (SSE) and the admin
 * routes. Every request gets a time budget (`requestTimeoutMs`, not `/events`) and an abort signal
 * its pipeline runs follow; bodies are capped at `bodyLimitBytes`; errors answer JSON (400 naming
 * the field, 404, 405, 413, 503, 504; 500 without a stack — the stack is logged). Embed it with
 * `app.fetch`, or serve it with {@link startServer}.
 */
export function createApp(runtime: ServiceRuntime, options: ServeOptionsInput = {}, hooks: AppHooks = {}): Hono<ServeEnv> {
  const opts = ServeOptionsSchema.parse(options);
  const shutdown = hooks.shutdown ?? new AbortController().signal;
  const app = new Hono<ServeEnv>();

  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID().slice(0, 8));
    if (c.req.path === '/events') {
      c.set('signal', c.req.raw.signal);
      return next();
    }
    const controller = new AbortController();
    const onClientGone = () => controller.abort(c.req.raw.signal.reason);
    c.req.raw.signal.addEventListener('abort', onClientGone, { once: true });
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new RequestTimeoutError(opts.requestTimeoutMs);
        controller.abort(error);
        reject(error);
      }, opts.requestTimeoutMs);
    });
    try {
      await Promise.race([next(), timedOut]);
    } finally {
      clearTimeout(timer);
      c.req.raw.signal.removeEventListener('abort', onClientGone);
    }
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: opts.bodyLimitBytes,
      onError: () => {
        throw new HttpError(413, 'BODY_TOO_LARGE', `the request body is larger than ${opts.bodyLimitBytes} bytes`);
      },
    }),
  );

  app.route('/', statusRoutes(runtime, opts, shutdown));
  app.route('/', queryRoutes(runtime));
  app.route('/admin', adminRoutes(runtime, opts.adminToken));
  app.route('/', dashboardRoutes(runtime));

  app.notFound((c) => {
    const route = ROUTES.find((r) => r.path === c.req.path);
    if (route && !route.methods.includes(c.req.method)) {
      return c.json(
        {
          error: `${c.req.method} is not allowed on ${route.path} (allowed: ${route.methods.join(', ')})`,
          code: 'METHOD_NOT_ALLOWED',
        },
        405,
        { Allow: route.methods.join(', ') },
      );
    }
    return c.json({ error: `no route ${c.req.method} ${c.req.path}`, code: 'NOT_FOUND', routes: ROUTES }, 404);
  });
  app.onError((error, c) => {
    const answer = errorAnswer(error, c.get('requestId') ?? '-', runtime.logger);
    return c.json(answer.body, answer.status, answer.headers);
  });
  return app;
}
