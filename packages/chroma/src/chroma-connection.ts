import { InvalidOptionsError, raceAbort, StoreUnavailableError, throwIfAborted } from '@synapse-rag/core';
import { ChromaClient, ChromaConnectionError, ChromaServerError } from 'chromadb';

/** Where a Chroma server is: `url` wins over `host` / `port` / `ssl`. */
export interface ChromaEndpoint {
  url?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  ssl?: boolean | undefined;
}

/** Resolves an endpoint to `{ host, port, ssl, url }` (defaults: `http://localhost:8000`). */
export function resolveEndpoint(endpoint: ChromaEndpoint): { host: string; port: number; ssl: boolean; url: string } {
  if (endpoint.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(endpoint.url);
    } catch (cause) {
      throw new InvalidOptionsError('Chroma connection', `url "${endpoint.url}" is not a valid URL`, cause);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new InvalidOptionsError('Chroma connection', `url must use http or https, got "${parsed.protocol}"`);
    }
    if (parsed.pathname !== '/' && parsed.pathname !== '') {
      throw new InvalidOptionsError(
        'Chroma connection',
        `url "${endpoint.url}" has a path; the Chroma client only supports scheme://host:port`,
      );
    }
    const ssl = parsed.protocol === 'https:';
    const port = parsed.port === '' ? (ssl ? 443 : 80) : Number(parsed.port);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    return { host, port, ssl, url: `${parsed.protocol}//${parsed.host}` };
  }
  const host = endpoint.host ?? 'localhost';
  const port = endpoint.port ?? 8000;
  const ssl = endpoint.ssl ?? false;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return { host, port, ssl, url: `${ssl ? 'https' : 'http'}://${hostInUrl}:${port}` };
}

/** Creates a `ChromaClient` for an endpoint. */
export function createChromaClient(
  endpoint: ChromaEndpoint,
  extra: { tenant?: string | undefined; database?: string | undefined; headers?: Record<string, string> | undefined } = {},
): ChromaClient {
  const { host, port, ssl } = resolveEndpoint(endpoint);
  return new ChromaClient({
    host,
    port,
    ssl,
    ...(extra.tenant !== undefined ? { tenant: extra.tenant } : {}),
    ...(extra.database !== undefined ? { database: extra.database } : {}),
    ...(extra.headers !== undefined ? { headers: extra.headers } : {}),
  });
}

/**
 * Runs one Chroma call, turning "cannot connect" and server-side failures into
 * `StoreUnavailableError` (with the URL and a hint), and honoring an AbortSignal (the Chroma
 * client cannot cancel a request; the call is abandoned and the abort reason thrown).
 */
export async function callChroma<T>(url: string, operation: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  throwIfAborted(signal);
  try {
    return await raceAbort(fn(), signal);
  } catch (error) {
    if (error instanceof ChromaConnectionError || (error instanceof TypeError && /fetch failed/i.test(error.message))) {
      throw new StoreUnavailableError(
        `Cannot reach the Chroma server at ${url} (${operation}): ${error.message} ` +
          `Start one with \`npx chroma run --path ./chroma-data --port ${new URL(url).port || 8000}\` or point CHROMA_URL / the store's url option at a running server.`,
        { cause: error, details: { url, operation } },
      );
    }
    if (error instanceof ChromaServerError) {
      throw new StoreUnavailableError(`The Chroma server at ${url} failed during ${operation}: ${error.message}`, {
        cause: error,
        details: { url, operation },
      });
    }
    throw error;
  }
}
