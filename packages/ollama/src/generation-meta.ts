import type { Meta } from '@synapse-rag/core';

const NS_PER_MS = 1e6;

function num(info: Record<string, unknown>, key: string): number | undefined {
  const v = info[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Turns the counters of Ollama's final `done: true` line (`prompt_eval_count`, `eval_count`,
 * nanosecond durations) into Synapse reply meta: `{ model, promptTokens, completionTokens,
 * totalDurationMs, loadDurationMs, promptEvalDurationMs, evalDurationMs, doneReason }`.
 * Counters the server did not send are left out.
 */
export function generationMeta(info: Record<string, unknown>, fallbackModel: string): Meta {
  const meta: Meta = { model: typeof info['model'] === 'string' ? info['model'] : fallbackModel };
  const counts: Array<[string, string]> = [
    ['prompt_eval_count', 'promptTokens'],
    ['eval_count', 'completionTokens'],
  ];
  for (const [from, to] of counts) {
    const v = num(info, from);
    if (v !== undefined) meta[to] = v;
  }
  const durations: Array<[string, string]> = [
    ['total_duration', 'totalDurationMs'],
    ['load_duration', 'loadDurationMs'],
    ['prompt_eval_duration', 'promptEvalDurationMs'],
    ['eval_duration', 'evalDurationMs'],
  ];
  for (const [from, to] of durations) {
    const v = num(info, from);
    if (v !== undefined) meta[to] = v / NS_PER_MS;
  }
  if (typeof info['done_reason'] === 'string') meta['doneReason'] = info['done_reason'];
  return meta;
}
