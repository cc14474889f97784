import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { QueryService } from '../query-service.js';
import type { ServeEnv } from '../serve-env.js';
import type { ServiceRuntime } from '../service-runtime.js';
import { dashboardPage } from './dashboard-page.js';
import { pipelineSvg } from './pipeline-svg.js';

/** The dashboard's static files and their content types. */
const ASSETS: Readonly<Record<string, string>> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * Reads an asset from `assets/` beside this module: from `src/` when run from source, and from the
 * package's `src/` when run from `dist/` (tsc does not copy them; the package ships `src`).
 */
async function readAsset(name: string): Promise<string> {
  const candidates = [
    new URL(`./assets/${name}`, import.meta.url),
    new URL(`../../../src/serve/dashboard/assets/${name}`, import.meta.url),
  ];
  for (const url of candidates) {
    try {
      return await readFile(fileURLToPath(url), 'utf8');
    } catch {
      // Try the next place.
    }
  }
  throw new Error(`dashboard asset ${name} not found beside ${import.meta.url}`);
}

/**
 * The dashboard: `GET /` (server-rendered HTML), `GET /dashboard/dashboard.js|.css` (one small
 * vanilla script and stylesheet, no build step, nothing from a CDN) and
 * `GET /dashboard/pipeline.svg` (the current query pipeline drawn on the server).
 */
export function dashboardRoutes(runtime: ServiceRuntime): Hono<ServeEnv> {
  const routes = new Hono<ServeEnv>();
  const queries = new QueryService(runtime);
  const cache = new Map<string, string>();

  routes.get('/', (c) =>
    c.html(dashboardPage(), 200, {
      'Cache-Control': 'no-store',
      // The page loads only its own script and style and talks only to this service.
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    }),
  );

  routes.get('/dashboard/pipeline.svg', async (c) => {
    const { pipeline } = await queries.currentPipeline();
    return c.body(pipelineSvg(pipeline), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  routes.get('/dashboard/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = ASSETS[name];
    if (!type) return c.json({ error: `no dashboard asset ${name}`, code: 'NOT_FOUND' }, 404);
    let text = cache.get(name);
    if (text === undefined) {
      text = await readAsset(name);
      cache.set(name, text);
    }
    return c.body(text, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' });
  });

  return routes;
}
