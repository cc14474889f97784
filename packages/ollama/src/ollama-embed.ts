import { OllamaEmbeddings } from '@langchain/ollama';
import { attemptClientFields, definedOnly } from './client-fields.js';
import type { ModelOptions } from './connection-options.js';
import { OllamaResponseError } from './errors.js';
import { callOllama, type OllamaCallSettings } from './ollama-call.js';

/** Request parameters of `/api/embed` besides the texts. */
export interface EmbedRequestOptions {
  keepAlive?: string | number | undefined;
  truncate: boolean;
  dimensions?: number | undefined;
  modelOptions?: ModelOptions | undefined;
}

function checkEmbeddings(raw: unknown, expected: number, settings: OllamaCallSettings): number[][] {
  const bad = (why: string) =>
    new OllamaResponseError(`Ollama at ${settings.url} returned invalid embeddings for model "${settings.model}": ${why}.`, {
      url: settings.url,
      model: settings.model,
    });
  if (!Array.isArray(raw)) throw bad('no "embeddings" array in the response');
  if (raw.length !== expected) throw bad(`${raw.length} vectors for ${expected} inputs`);
  let dimension: number | undefined;
  for (const [i, v] of raw.entries()) {
    if (!Array.isArray(v) || v.length === 0) throw bad(`vector ${i} is not a non-empty array`);
    if (dimension !== undefined && v.length !== dimension)
      throw bad(`vector ${i} has ${v.length} dimensions, vector 0 has ${dimension}`);
    dimension = v.length;
    for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`vector ${i} holds a non-finite value`);
  }
  return raw as number[][];
}

/**
 * Embeds `texts` in ONE `/api/embed` request through `@langchain/ollama`'s
 * `OllamaEmbeddings`, with Synapse's retries, timeout and error mapping (LangChain's own
 * retries are switched off so there is exactly one retry policy).
 */
export async function embedTexts(
  settings: OllamaCallSettings,
  texts: string[],
  request: EmbedRequestOptions,
  signal: AbortSignal | undefined,
): Promise<number[][]> {
  if (texts.length === 0) return [];
  const raw = await callOllama(
    'embedding',
    settings,
    (fetchImpl) => {
      const client = new OllamaEmbeddings({
        ...attemptClientFields(settings, fetchImpl, request.keepAlive),
        truncate: request.truncate,
        ...definedOnly({
          dimensions: request.dimensions,
          requestOptions: request.modelOptions && Object.keys(request.modelOptions).length > 0 ? request.modelOptions : undefined,
        }),
      });
      return client.embedDocuments(texts);
    },
    { signal },
  );
  return checkEmbeddings(raw, texts.length, settings);
}
