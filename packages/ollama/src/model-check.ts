import { OllamaEmbeddings } from '@langchain/ollama';
import { ModelNotFoundError } from '@synapse-rag/core';
import { callOllama, type OllamaCallSettings } from './ollama-call.js';

/** `x` and `x:latest` name the same Ollama model. */
export function sameModel(a: string, b: string): boolean {
  const norm = (n: string) => (n.includes(':') ? n : `${n}:latest`);
  return norm(a) === norm(b);
}

/**
 * Checks that the server is reachable and has `settings.model` pulled (`GET /api/tags`
 * through the LangChain client's `ollama` client), with the usual retries. Throws
 * `ModelNotFoundError` ("run `ollama pull x`") or `OllamaUnavailableError`. Components call
 * it from `warmUp()`, so a pipeline fails before its first run instead of in the middle.
 */
export async function checkModelAvailable(settings: OllamaCallSettings, signal?: AbortSignal): Promise<void> {
  const names = await callOllama(
    'the model check',
    settings,
    async (fetchImpl) => {
      const { client } = new OllamaEmbeddings({ baseUrl: settings.url, fetch: fetchImpl, maxRetries: 0 });
      const { models } = await client.list();
      return models.map((m) => m.name);
    },
    { signal },
  );
  if (!names.some((n) => sameModel(n, settings.model))) {
    throw new ModelNotFoundError(
      `Model "${settings.model}" is not available on the Ollama server at ${settings.url}. Run \`ollama pull ${settings.model}\` on that machine, or set \`model\` to one of: ${names.join(', ') || '(none pulled)'}.`,
      { model: settings.model, url: settings.url, available: names },
    );
  }
}
