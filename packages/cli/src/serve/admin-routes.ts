import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaDocumentStore } from '@synapse-rag/chroma';
import {
  advanceRollout,
  type FeatureFlags,
  FLAG_VARIABLES,
  parseFlags,
  type RolloutResult,
  type RolloutStore,
  reconcileStores,
  rollbackRollout,
  scannableStore,
  writeFileDurably,
} from '@synapse-rag/migration';
import { PgvectorDocumentStore } from '@synapse-rag/pgvector';
import { Hono } from 'hono';
import { adminAuth } from './admin-auth.js';
import { HttpError, parseBody, readJsonBody } from './http-errors.js';
import { AdvanceRequestSchema, FlagsPatchSchema, ReconcileRequestSchema, RollbackRequestSchema } from './request-schemas.js';
import type { ServeEnv } from './serve-env.js';
import type { ServiceRuntime } from './service-runtime.js';

const ENV_TO_KEY = new Map(Object.entries(FLAG_VARIABLES).map(([key, spec]) => [spec.env, key]));

/** A flag patch with `FF_*` names turned into the camelCase keys. */
function flagChanges(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).map(([k, v]) => [ENV_TO_KEY.get(k) ?? k, v]));
}

function requireRollout(runtime: ServiceRuntime): RolloutStore {
  if (!runtime.rollout) {
    throw new HttpError(409, 'NO_FLAG_FILE', 'rollout routes need a flag file: start synapse serve with --flags-file <file>');
  }
  return runtime.rollout;
}

/**
 * The admin routes under `/admin` (bearer token, see {@link adminAuth}):
 * - `GET /admin/flags`, `PUT /admin/flags` (some flags; written to the flag file atomically and
 *   read back through the watched source, or set in memory without a file);
 * - `POST /admin/rollout/advance` (the CLI's gates: verify report, shadow overlap — from this
 *   service's own metrics unless `metrics` names others), `POST /admin/rollout/rollback`;
 * - `POST /admin/reconcile`: replays the hybrid outbox, then diffs pgvector (source of truth)
 *   against Chroma, optionally repairing Chroma.
 */
export function adminRoutes(runtime: ServiceRuntime, token: string | undefined): Hono<ServeEnv> {
  const routes = new Hono<ServeEnv>();
  routes.use('*', adminAuth(token));

  const flagsAnswer = () => ({ flags: runtime.flags.toJSON(), origin: runtime.flags.origin });

  routes.get('/flags', (c) => c.json(flagsAnswer()));

  routes.put('/flags', async (c) => {
    const changes = flagChanges(parseBody(FlagsPatchSchema, await readJsonBody(c.req)));
    const next: FeatureFlags = parseFlags({ ...runtime.flags.current, ...changes }, 'PUT /admin/flags');
    if (runtime.rollout) {
      await writeFileDurably(runtime.rollout.flagsFile, `${JSON.stringify(next, null, 2)}\n`);
      await runtime.flags.reload();
    } else runtime.flags.set(next);
    return c.json(flagsAnswer());
  });

  const rolloutAnswer = async (result: RolloutResult) => {
    await runtime.flags.reload();
    return { ...result, flags: runtime.flags.toJSON() };
  };

  routes.post('/rollout/advance', async (c) => {
    const store = requireRollout(runtime);
    const body = parseBody(AdvanceRequestSchema, await readJsonBody(c.req));
    // The shadow-overlap gate reads metrics from a URL or a file: by default, this service's own.
    const ownMetrics =
      body.metrics === undefined ? join(tmpdir(), `synapse-serve-metrics-${process.pid}-${c.get('requestId')}.txt`) : undefined;
    try {
      if (ownMetrics) await writeFile(ownMetrics, await runtime.registry.metrics());
      const result = await advanceRollout(store, { ...body, metrics: body.metrics ?? ownMetrics }, body.note);
      return c.json(await rolloutAnswer(result), result.changed ? 200 : 409);
    } finally {
      if (ownMetrics) await rm(ownMetrics, { force: true });
    }
  });

  routes.post('/rollout/rollback', async (c) => {
    const store = requireRollout(runtime);
    const body = parseBody(RollbackRequestSchema, await readJsonBody(c.req));
    const result = await rollbackRollout(store, {
      emergency: Boolean(body.emergency),
      ...(body.note ? { note: body.note } : {}),
    });
    return c.json(await rolloutAnswer(result), result.changed ? 200 : 409);
  });

  routes.post('/reconcile', async (c) => {
    const body = parseBody(ReconcileRequestSchema, await readJsonBody(c.req));
    const embedder = await runtime.embedder();
    const chroma = runtime.stores.chroma();
    if (runtime.storeKinds().length < 2 || !chroma || !embedder) {
      throw new HttpError(
        409,
        'NOTHING_TO_RECONCILE',
        'reconcile needs both a pgvector and a Chroma store (no --store) and an index (nothing is indexed yet)',
      );
    }
    const pg = runtime.stores.pgvector(embedder.dimension);
    if (!(pg instanceof PgvectorDocumentStore) || !(chroma instanceof ChromaDocumentStore)) {
      throw new HttpError(409, 'NOTHING_TO_RECONCILE', 'reconcile needs a pgvector and a Chroma store');
    }
    const replayed = [];
    for (const hybrid of runtime.hybridStores()) replayed.push(await hybrid.replayOutbox());
    const report = await reconcileStores(scannableStore('pgvector', pg), scannableStore('chroma', chroma), {
      repair: Boolean(body.repair),
      deleteExtra: Boolean(body.deleteExtra),
    });
    return c.json({
      ...report,
      replayed: {
        applied: replayed.reduce((n, r) => n + r.applied, 0),
        remaining: replayed.reduce((n, r) => n + r.remaining, 0),
      },
    });
  });

  return routes;
}
