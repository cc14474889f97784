import { InvalidOptionsError } from '@synapse-rag/core';

/** Where Ollama listens when nothing says otherwise. */
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

const DEFAULT_PORT = '11434';

/**
 * Parses an `OLLAMA_HOST`-style value the way the `ollama` CLI does: the scheme defaults to
 * `http`, the host to `127.0.0.1` and the port to `11434` (to 80/443 when a scheme is given
 * without a port). `"0.0.0.0"`, `":11435"`, `"gpu-box"`, `"https://ollama.example.com/proxy"`
 * are all accepted. Returns a URL without a trailing slash.
 */
export function parseOllamaHost(value: string): string {
  let s = value.trim();
  if (s === '') return DEFAULT_OLLAMA_URL;
  let scheme = 'http';
  let defaultPort = DEFAULT_PORT;
  const sep = s.indexOf('://');
  if (sep >= 0) {
    scheme = s.slice(0, sep).toLowerCase();
    s = s.slice(sep + 3);
    if (scheme === 'http') defaultPort = '80';
    else if (scheme === 'https') defaultPort = '443';
    else throw new InvalidOptionsError('Ollama host', `unsupported scheme "${scheme}" in "${value}" (use http or https)`);
  }
  const slash = s.indexOf('/');
  const hostPort = slash >= 0 ? s.slice(0, slash) : s;
  const path = slash >= 0 ? s.slice(slash).replace(/\/+$/, '') : '';
  let host = hostPort;
  let port = defaultPort;
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(hostPort);
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    if (bracketed[2]) port = bracketed[2];
  } else {
    const colons = hostPort.split(':').length - 1;
    if (colons === 1) {
      const [h, p] = hostPort.split(':') as [string, string];
      host = h;
      if (p !== '') port = p;
    } else if (colons > 1) {
      host = `[${hostPort}]`; // bare IPv6 address
    }
  }
  if (host === '') host = '127.0.0.1';
  const portNumber = Number(port);
  if (!/^\d+$/.test(port) || portNumber > 65535) {
    throw new InvalidOptionsError('Ollama host', `invalid port "${port}" in "${value}"`);
  }
  let url: URL;
  try {
    url = new URL(`${scheme}://${host}:${port}${path}`);
  } catch (cause) {
    throw new InvalidOptionsError('Ollama host', `"${value}" is not a valid host`, cause);
  }
  // URL drops default ports (:80/:443); that is fine, the meaning is the same.
  return url.href.replace(/\/+$/, '');
}

/**
 * The Ollama base URL configured in the environment: `OLLAMA_HOST` (parsed like the `ollama`
 * CLI does, see {@link parseOllamaHost}), else {@link DEFAULT_OLLAMA_URL}.
 *
 * This is the ONLY place the Ollama package reads the environment. Components call it at
 * construction when no `url` option is given, so `OLLAMA_HOST` works as it does for the
 * `ollama` CLI; an explicit `url` always wins and serialized components without `url` follow
 * the environment of the process that loads them.
 */
export function resolveOllamaHost(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env['OLLAMA_HOST'];
  return value === undefined || value.trim() === '' ? DEFAULT_OLLAMA_URL : parseOllamaHost(value);
}
