import { ComponentError, SynapseError } from '@synapse-rag/core';
import type { MigrationLogger } from '@synapse-rag/migration';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** One problem with a request, naming the field (`documents.0.content`, `topK`, `FF_…`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A request the service refuses, with the HTTP status and the fields at fault. */
export class HttpError extends SynapseError {
  constructor(
    readonly status: ContentfulStatusCode,
    code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, { details: { status, issues } });
  }
}

/** A request still running when its time budget ran out. */
export class RequestTimeoutError extends HttpError {
  constructor(ms: number) {
    super(504, 'REQUEST_TIMEOUT', `the request did not finish within ${ms} ms`);
  }
}

/** zod issues as field issues (`path.join('.')`; `(body)` for the body itself). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') path.push(issue.keys.join(', '));
    return { field: path.length > 0 ? path.join('.') : '(body)', message: issue.message };
  });
}

/** Validates a parsed JSON body; {@link HttpError} 400 naming each bad field otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  throw new HttpError(
    400,
    'INVALID_BODY',
    `invalid request body: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    issues,
  );
}

/** An error answer: status, JSON body, headers. */
export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: { error: string; code: string; issues?: readonly FieldIssue[]; requestId?: string };
  headers: Readonly<Record<string, string>>;
}

/** The innermost cause of pipeline component failures (what actually went wrong). */
function unwrap(error: unknown): unknown {
  let e = error;
  while (e instanceof ComponentError && e.cause !== undefined) e = e.cause;
  return e;
}

/**
 * What a failed request answers. Refusals ({@link HttpError}) and request mistakes (bad filter,
 * invalid document or flags) say what was wrong; unavailable stores 503; anything else is a 500
 * naming only the request id — its stack goes to the log, never to the client.
 */
export function errorAnswer(error: unknown, requestId: string, logger: MigrationLogger): ErrorAnswer {
  const e = unwrap(error);
  if (e instanceof HttpError) {
    return {
      status: e.status,
      body: { error: e.message, code: e.code, ...(e.issues.length > 0 ? { issues: e.issues } : {}) },
      headers: e.headers,
    };
  }
  if (e instanceof SynapseError) {
    switch (e.code) {
      case 'FILTER_INVALID':
        return {
          status: 400,
          body: { error: e.message, code: e.code, issues: [{ field: 'filters', message: e.message }] },
          headers: {},
        };
      case 'INVALID_FLAGS': {
        const problems = (e.details.problems ?? []) as Array<{ variable: string; allowed: string }>;
        const issues = problems.map((p) => ({ field: p.variable, message: `allowed is ${p.allowed}` }));
        return { status: 400, body: { error: e.message, code: e.code, issues }, headers: {} };
      }
      case 'INVALID_DOCUMENT':
        return { status: 400, body: { error: e.message, code: e.code }, headers: {} };
      case 'STORE_UNAVAILABLE':
      case 'STORE_TIMEOUT':
      case 'CIRCUIT_OPEN':
        logger.warn(`request ${requestId}: ${e.message}`);
        return { status: 503, body: { error: e.message, code: e.code, requestId }, headers: {} };
      case 'PIPELINE_ABORTED':
        return {
          status: 503,
          body: { error: 'the request was aborted (timeout or shutdown)', code: e.code, requestId },
          headers: {},
        };
      default:
        break;
    }
  }
  logger.error(`request ${requestId} failed`, {
    error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    ...(e !== error && error instanceof Error ? { via: error.message } : {}),
  });
  return {
    status: 500,
    body: { error: `internal error (request ${requestId}; see the server log)`, code: 'INTERNAL', requestId },
    headers: {},
  };
}

/** The request body parsed as JSON; {@link HttpError} 400 when it is missing or not JSON. */
export async function readJsonBody(request: { text(): Promise<string> }): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') {
    throw new HttpError(400, 'INVALID_BODY', 'the request needs a JSON body', [{ field: '(body)', message: 'missing' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = (error as Error).message;
    throw new HttpError(400, 'INVALID_JSON', `the body is not valid JSON: ${why}`, [
      { field: '(body)', message: `not JSON: ${why}` },
    ]);
  }
}
