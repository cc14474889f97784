import type { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { Meta } from '@synapse-rag/core';

function firstString(source: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = source[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// Where providers put the model and the finish reason in `response_metadata`:
// OpenAI/Mistral `model_name`/`finish_reason`, Anthropic `model`/`stop_reason`,
// Ollama `model`/`done_reason`, Google `finishReason`.
const MODEL_KEYS = ['model_name', 'model', 'modelId'] as const;
const FINISH_KEYS = ['finish_reason', 'stop_reason', 'done_reason', 'finishReason', 'stopReason'] as const;

/**
 * What a LangChain reply (or one streamed chunk) reports about its generation, in Synapse's
 * reply-meta names: `{ model, provider?, finishReason?, promptTokens?, completionTokens?,
 * totalTokens? }`. Token counts come from LangChain's standard `usage_metadata`; the rest from
 * the provider's `response_metadata`. Keys the model did not report are left out, except
 * `model` when `fallbackModel` is given.
 */
export function chatGenerationMeta(message: AIMessage | AIMessageChunk, fallbackModel?: string): Meta {
  const info: Record<string, unknown> = message.response_metadata ?? {};
  const meta: Meta = {};
  const model = firstString(info, MODEL_KEYS) ?? fallbackModel;
  if (model !== undefined) meta['model'] = model;
  const provider = firstString(info, ['model_provider']);
  if (provider !== undefined) meta['provider'] = provider;
  const finishReason = firstString(info, FINISH_KEYS);
  if (finishReason !== undefined) meta['finishReason'] = finishReason;
  const usage = message.usage_metadata;
  if (usage !== undefined) {
    const counts: Array<[string, number | undefined]> = [
      ['promptTokens', count(usage.input_tokens)],
      ['completionTokens', count(usage.output_tokens)],
      ['totalTokens', count(usage.total_tokens)],
    ];
    for (const [key, value] of counts) if (value !== undefined) meta[key] = value;
  }
  return meta;
}
