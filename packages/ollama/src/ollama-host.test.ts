import { InvalidOptionsError } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OLLAMA_URL, parseOllamaHost, resolveOllamaHost } from './ollama-host.js';

describe('parseOllamaHost (OLLAMA_HOST semantics of the ollama CLI)', () => {
  it.each([
    ['', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://0.0.0.0:11434'],
    ['gpu-box', 'http://gpu-box:11434'],
    [':11435', 'http://127.0.0.1:11435'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    ['http://gpu-box', 'http://gpu-box'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['https://ollama.example.com:8443/proxy/', 'https://ollama.example.com:8443/proxy'],
    ['http://127.0.0.1:11434/', 'http://127.0.0.1:11434'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['::1', 'http://[::1]:11434'],
  ])('%j -> %s', (input, expected) => {
    expect(parseOllamaHost(input)).toBe(expected);
  });

  it('rejects unsupported schemes and bad ports with InvalidOptionsError', () => {
    expect(() => parseOllamaHost('ftp://x')).toThrow(InvalidOptionsError);
    expect(() => parseOllamaHost('x:99999')).toThrow(/invalid port/);
    expect(() => parseOllamaHost('x:abc')).toThrow(/invalid port/);
  });
});

describe('resolveOllamaHost', () => {
  it('reads OLLAMA_HOST, else the local default', () => {
    expect(resolveOllamaHost({})).toBe(DEFAULT_OLLAMA_URL);
    expect(resolveOllamaHost({ OLLAMA_HOST: '  ' })).toBe(DEFAULT_OLLAMA_URL);
    expect(resolveOllamaHost({ OLLAMA_HOST: 'remote:1234' })).toBe('http://remote:1234');
  });
});
