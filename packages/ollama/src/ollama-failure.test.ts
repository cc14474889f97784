import { describe, expect, it } from 'vitest';
import { classifyOllamaFailure, connectionCodeOf } from './ollama-failure.js';

/** Shaped like ollama-js's ResponseError. */
class ResponseError extends Error {
  constructor(
    readonly error: string,
    readonly status_code: number,
  ) {
    super(error);
    this.name = 'ResponseError';
  }
}

function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe('classifyOllamaFailure', () => {
  it('maps HTTP statuses by number: 5xx retryable, 4xx never, 404 for a model is model-not-found', () => {
    expect(classifyOllamaFailure(new ResponseError('boom', 500), false)).toMatchObject({
      kind: 'server',
      status: 500,
      retryable: true,
    });
    expect(classifyOllamaFailure(new ResponseError('busy', 503), false)).toMatchObject({ kind: 'server', retryable: true });
    expect(classifyOllamaFailure(new ResponseError('model "x" not found, try pulling it first', 404), false)).toMatchObject({
      kind: 'model-not-found',
      retryable: false,
    });
    expect(classifyOllamaFailure(new ResponseError('404 page not found', 404), false)).toMatchObject({
      kind: 'client',
      retryable: false,
    });
    expect(classifyOllamaFailure(new ResponseError('input too long', 400), false)).toMatchObject({
      kind: 'client',
      retryable: false,
    });
    expect(classifyOllamaFailure(new ResponseError('slow down', 429), false)).toMatchObject({ kind: 'client', retryable: false });
  });

  it('finds connection codes along the cause chain (undici "fetch failed")', () => {
    expect(classifyOllamaFailure(fetchFailed('ECONNREFUSED'), false)).toMatchObject({
      kind: 'connection',
      code: 'ECONNREFUSED',
      retryable: true,
    });
    expect(classifyOllamaFailure(fetchFailed('UND_ERR_SOCKET'), false)).toMatchObject({ kind: 'connection', retryable: true });
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('v6'), { code: 'ECONNREFUSED' })], 'all failed'),
    });
    expect(connectionCodeOf(aggregate)).toBe('ECONNREFUSED');
    expect(classifyOllamaFailure(new TypeError('terminated'), false)).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('a fired attempt timer wins over whatever error the abort produced', () => {
    expect(classifyOllamaFailure(new DOMException('x', 'TimeoutError'), true)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });

  it('classifies stream and body problems', () => {
    expect(classifyOllamaFailure(new Error('Did not receive done or success response in stream.'), false)).toMatchObject({
      kind: 'truncated',
      retryable: true,
    });
    expect(classifyOllamaFailure(new SyntaxError('Unexpected token'), false)).toMatchObject({
      kind: 'malformed',
      retryable: false,
    });
    expect(classifyOllamaFailure(new Error('llama runner process has terminated'), false)).toMatchObject({
      kind: 'response',
      retryable: false,
    });
    expect(classifyOllamaFailure(new RangeError('bug'), false)).toMatchObject({ kind: 'unknown', retryable: false });
  });
});

describe('connection failures without a known code', () => {
  it('keep the innermost cause message (e.g. TLS problems)', () => {
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    });
    expect(classifyOllamaFailure(tls, false)).toMatchObject({
      kind: 'connection',
      code: 'self-signed certificate',
      retryable: true,
    });
  });
});
