import { InvalidOptionsError, StoreUnavailableError } from '@synapse-rag/core';
import { ChromaConnectionError } from 'chromadb';
import { describe, expect, it } from 'vitest';
import { callChroma, resolveEndpoint } from './chroma-connection.js';
import { distanceToScore } from './scores.js';

describe('resolveEndpoint', () => {
  it('parses urls and defaults', () => {
    expect(resolveEndpoint({})).toEqual({ host: 'localhost', port: 8000, ssl: false, url: 'http://localhost:8000' });
    expect(resolveEndpoint({ url: 'https://chroma.example.com' })).toEqual({
      host: 'chroma.example.com',
      port: 443,
      ssl: true,
      url: 'https://chroma.example.com',
    });
    expect(resolveEndpoint({ url: 'http://127.0.0.1:9000/', host: 'ignored' }).url).toBe('http://127.0.0.1:9000');
    expect(resolveEndpoint({ host: '::1', port: 1234 }).url).toBe('http://[::1]:1234');
    expect(() => resolveEndpoint({ url: 'http://h:1/prefix' })).toThrow(InvalidOptionsError);
    expect(() => resolveEndpoint({ url: 'not a url' })).toThrow(InvalidOptionsError);
  });
});

describe('callChroma', () => {
  it('maps connection failures to StoreUnavailableError and passes other errors through', async () => {
    await expect(
      callChroma('http://h:1', 'count', async () => {
        throw new ChromaConnectionError('Failed to connect to chromadb.');
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    const other = new RangeError('x');
    await expect(
      callChroma('http://h:1', 'count', async () => {
        throw other;
      }),
    ).rejects.toBe(other);
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    const pending = callChroma(
      'http://h:1',
      'slow',
      () => new Promise<number>((r) => setTimeout(() => r(1), 1000)),
      controller.signal,
    );
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('distanceToScore', () => {
  it('cosine and ip: 1 − distance; l2: √ of the squared distance', () => {
    expect(distanceToScore('cosine', 0.25)).toBe(0.75);
    expect(distanceToScore('ip', -4)).toBe(5);
    expect(distanceToScore('l2', 25)).toBe(5);
    expect(distanceToScore('l2', -1e-7)).toBe(0);
  });
});
