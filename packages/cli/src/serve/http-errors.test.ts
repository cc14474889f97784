import { ComponentError, FilterError, StoreUnavailableError } from '@synapse-rag/core';
import { InvalidFlagsError } from '@synapse-rag/migration';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/serve-client.js';
import { tokenMatches } from './admin-auth.js';
import { errorAnswer, HttpError, parseBody, readJsonBody } from './http-errors.js';
import { IndexRequestSchema, QueryRequestSchema } from './request-schemas.js';

describe('errorAnswer', () => {
  it('answers 500 naming only the request id; the stack goes to the log', () => {
    const logger = memoryLogger();
    const answer = errorAnswer(new TypeError('secret detail at /srv/app.ts'), 'r1', logger);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'internal error (request r1; see the server log)', code: 'INTERNAL', requestId: 'r1' });
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
    expect(logger.lines.join('\n')).toMatch(/request r1 failed .*TypeError: secret detail at \/srv\/app\.ts\\n\s+at /);
  });

  it('maps request mistakes to 400 naming the field and store outages to 503, through component wrappers', () => {
    const logger = memoryLogger();
    const filter = errorAnswer(new ComponentError('retriever', 'x.R', new FilterError('unknown operator "is"')), 'r2', logger);
    expect(filter.status).toBe(400);
    expect(filter.body.issues).toEqual([{ field: 'filters', message: 'Invalid filter at $: unknown operator "is"' }]);
    const flags = errorAnswer(
      new InvalidFlagsError([{ variable: 'FF_USE_PGVECTOR', value: 'maybe', allowed: 'true or false' }], 'x'),
      'r3',
      logger,
    );
    expect(flags.status).toBe(400);
    expect(flags.body.issues).toEqual([{ field: 'FF_USE_PGVECTOR', message: 'allowed is true or false' }]);
    const down = errorAnswer(
      new ComponentError('retriever', 'x.R', new StoreUnavailableError('connect ECONNREFUSED')),
      'r4',
      logger,
    );
    expect(down.status).toBe(503);
    expect(down.body.error).toBe('connect ECONNREFUSED');
    const refusal = errorAnswer(
      new HttpError(409, 'NO_FLAG_FILE', 'needs a flag file', [], { 'Retry-After': '1' }),
      'r5',
      logger,
    );
    expect(refusal).toEqual({
      status: 409,
      body: { error: 'needs a flag file', code: 'NO_FLAG_FILE' },
      headers: { 'Retry-After': '1' },
    });
  });
});

describe('parseBody / readJsonBody', () => {
  it('names every bad field, nested paths included', () => {
    expect(() => parseBody(QueryRequestSchema, { query: '', topK: 1.5, routingKey: 7 })).toThrow(
      /invalid request body: query: must not be empty; topK: .*; routingKey: /,
    );
    try {
      parseBody(IndexRequestSchema, { documents: [{ content: 'a' }, { content: 'b', meta: { n: 1 }, extra: true }] });
      expect.unreachable();
    } catch (error) {
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).issues.map((i) => i.field)).toEqual(['documents.1.extra']);
    }
    expect(() => parseBody(z.strictObject({ a: z.string() }), 'text')).toThrow(/\(body\): /);
  });

  it('refuses an empty or non-JSON body', async () => {
    await expect(readJsonBody({ text: async () => '  ' })).rejects.toThrow('the request needs a JSON body');
    await expect(readJsonBody({ text: async () => '{"a":' })).rejects.toThrow(/the body is not valid JSON/);
    expect(await readJsonBody({ text: async () => '{"a":1}' })).toEqual({ a: 1 });
  });
});

describe('tokenMatches', () => {
  it('accepts the token only, whatever the lengths', () => {
    const token = 'a-long-admin-token-1234';
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token} `, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
  });
});
