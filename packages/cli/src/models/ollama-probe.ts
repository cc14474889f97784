import { resolveOllamaHost } from '@synapse-rag/ollama';

/** What a quick look at an Ollama server found. */
export interface OllamaProbe {
  /** The server's base URL (`OLLAMA_HOST`, else http://127.0.0.1:11434). */
  url: string;
  reachable: boolean;
  /** Names of the pulled models (`GET /api/tags`), e.g. `mxbai-embed-large:latest`. */
  models: string[];
  /** Why it is not reachable. */
  error?: string;
}

/**
 * Asks the Ollama server at `url` which models it has (`GET /api/tags`), giving up after
 * `timeoutMs` so commands stay fast when no server runs. Never throws.
 */
export async function probeOllama(url: string = resolveOllamaHost(), timeoutMs = 1500): Promise<OllamaProbe> {
  try {
    const res = await fetch(`${url}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { url, reachable: false, models: [], error: `GET /api/tags answered HTTP ${res.status}` };
    const body = (await res.json()) as { models?: Array<{ name?: unknown }> };
    const models = (body.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [m.name] : []));
    return { url, reachable: true, models };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? (error as Error).message);
    return { url, reachable: false, models: [], error: why };
  }
}

/** Whether the probe lists `model` (`x` and `x:latest` are the same model). */
export function hasModel(probe: OllamaProbe, model: string): boolean {
  const norm = (n: string) => (n.includes(':') ? n : `${n}:latest`);
  return probe.models.some((m) => norm(m) === norm(model));
}
