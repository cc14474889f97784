import { validateFilter } from '@synapse-rag/core';
import { Hono } from 'hono';
import { describeEmbedder } from '../models/describe-models.js';
import { HttpError, parseBody, readJsonBody } from './http-errors.js';
import { indexDocuments } from './index-documents.js';
import { QueryService } from './query-service.js';
import { IndexRequestSchema, QueryRequestSchema } from './request-schemas.js';
import type { ServeEnv } from './serve-env.js';
import type { ServiceRuntime } from './service-runtime.js';

/** `POST /query`, `POST /index` and `GET /pipeline` (the query pipeline as Mermaid and YAML). */
export function queryRoutes(runtime: ServiceRuntime): Hono<ServeEnv> {
  const routes = new Hono<ServeEnv>();
  const queries = new QueryService(runtime);

  routes.post('/query', async (c) => {
    const request = parseBody(QueryRequestSchema, await readJsonBody(c.req));
    if (request.filters !== undefined) {
      try {
        validateFilter(request.filters);
      } catch (error) {
        const message = (error as Error).message;
        throw new HttpError(400, 'FILTER_INVALID', `filters: ${message}`, [{ field: 'filters', message }]);
      }
    }
    return c.json(await queries.query(request, c.get('signal')));
  });

  routes.post('/index', async (c) => {
    const request = parseBody(IndexRequestSchema, await readJsonBody(c.req));
    return c.json(await indexDocuments(runtime, request, c.get('signal')));
  });

  routes.get('/pipeline', async (c) => {
    const { plan, embedder, pipeline } = await queries.currentPipeline();
    let yaml: string | null = null;
    let yamlError: string | undefined;
    try {
      yaml = pipeline.dumps();
    } catch (error) {
      yamlError = (error as Error).message;
    }
    return c.json({
      path: plan.path,
      ...(plan.note ? { note: plan.note } : {}),
      embedder: describeEmbedder(embedder),
      components: pipeline.componentNames(),
      mermaid: pipeline.draw(),
      yaml,
      ...(yamlError ? { yamlError } : {}),
    });
  });

  return routes;
}
