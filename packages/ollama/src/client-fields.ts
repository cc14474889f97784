import type { AttemptFetch, OllamaCallSettings } from './ollama-call.js';

/** Drops undefined entries so they are not sent at all. */
export function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The fields every `@langchain/ollama` client gets for one attempt. */
export interface AttemptClientFields {
  model: string;
  baseUrl: string;
  /** The attempt's `fetch`, bound to the run's signal and the attempt's timeout. */
  fetch: AttemptFetch;
  /** LangChain's own retries are off: Synapse's retry policy is the only one. */
  maxRetries: 0;
  keepAlive?: string | number | undefined;
}

/** The client fields of one attempt against `settings`' server and model. */
export function attemptClientFields(
  settings: OllamaCallSettings,
  fetchImpl: AttemptFetch,
  keepAlive: string | number | undefined,
): AttemptClientFields {
  return { model: settings.model, baseUrl: settings.url, fetch: fetchImpl, maxRetries: 0, ...definedOnly({ keepAlive }) };
}
