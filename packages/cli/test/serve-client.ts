import type { MigrationLogger, ShadowComparison } from '@synapse-rag/migration';
import type { ServeOptionsInput } from '../src/serve/serve-options.js';
import { ServiceRuntime, type ServiceRuntimeOptions } from '../src/serve/service-runtime.js';
import { type RunningServer, startServer } from '../src/serve/start-server.js';

/** An Ollama probe that found nothing (the offline GloVe embedder and the extractive answerer). */
export const NO_OLLAMA = { url: 'http://127.0.0.1:9', reachable: false, models: [] };

/** Collects what the service logs (tests assert nothing leaked to clients that belongs in the log). */
export function memoryLogger(): MigrationLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, details?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${details ? JSON.stringify(details) : ''}`);
  return { lines, warn: push('warn'), error: push('error') };
}

/** A keyword-retrieval shadow comparison of legacy against target, as the hybrid store emits it. */
export function shadowComparison(overlap: number, low: boolean, text: string): ShadowComparison {
  return {
    operation: 'keywordRetrieval',
    primary: 'legacy',
    shadow: 'target',
    k: 5,
    overlap,
    rankCorrelation: null,
    low,
    primaryIds: ['a'],
    shadowIds: ['b'],
    query: { text, topK: 5 },
  };
}

/** Opens a runtime (no Ollama, env-less flags unless given) and serves it on a free port of 127.0.0.1. */
export async function startTestService(
  runtime: Omit<ServiceRuntimeOptions, 'probe'>,
  options: ServeOptionsInput = {},
): Promise<RunningServer & { runtime: ServiceRuntime; logger: ReturnType<typeof memoryLogger> }> {
  const logger = memoryLogger();
  const rt = await ServiceRuntime.open({ env: {}, logger, ...runtime, probe: NO_OLLAMA });
  const server = await startServer(rt, { port: 0, host: '127.0.0.1', ...options });
  return Object.assign(server, { runtime: rt, logger });
}

/** `fetch` + JSON body: `{ status, headers, body }`. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> & { [k: string]: unknown } }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, body: json };
}

/** Reads Server-Sent Events from `url` and hands each `data` (parsed JSON) to `onEvent` until it returns true. */
export async function readEvents(
  url: string,
  onEvent: (event: string, data: unknown) => boolean | Promise<boolean>,
): Promise<void> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`GET ${url} answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (await onEvent(event, JSON.parse(data))) return;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    controller.abort();
  }
}

/**
 * Prometheus text exposition: every sample line is `name{labels} value [timestamp]`; returns the
 * samples by series. Values as Prometheus reads them (Go's ParseFloat: `NaN` / `Inf` in any case —
 * prom-client writes `Nan` for a gauge with no sample yet).
 */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|nan|[+-]?inf)(?: \d+)?$/i.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const value = (m[2] as string).toLowerCase();
    samples.set(
      m[1] as string,
      value === 'nan' ? Number.NaN : value.endsWith('inf') ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value),
    );
  }
  return samples;
}
