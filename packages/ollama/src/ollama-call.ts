import { ModelNotFoundError, PipelineAbortedError, raceAbort } from '@synapse-rag/core';
import { OllamaRequestError, OllamaResponseError, OllamaUnavailableError } from './errors.js';
import { classifyOllamaFailure, type OllamaFailure } from './ollama-failure.js';
import { abortReason, type RetryInfo, type RetryPolicy, withRetry } from './retry.js';

/** What one Ollama call needs to know besides the request itself. */
export interface OllamaCallSettings {
  url: string;
  model: string;
  timeoutMs: number;
  retry: RetryPolicy;
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** The `fetch` handed to the LangChain client of one attempt: bound to the run's signal and the attempt's timeout. */
export type AttemptFetch = typeof fetch;

/**
 * Wraps an error thrown by the caller's own code inside an attempt (e.g. a streaming
 * callback), so that it is rethrown unchanged: never retried, never mistaken for an Ollama failure.
 */
export class CallerError extends Error {
  constructor(readonly original: unknown) {
    super('error thrown by caller code');
  }
}

/** Internal carrier of a classified failure through the retry loop. */
class AttemptFailure extends Error {
  constructor(
    readonly failure: OllamaFailure,
    readonly original: unknown,
  ) {
    super(failure.message);
  }
}

function publicError(operation: string, settings: OllamaCallSettings, failure: AttemptFailure, attempts: number): Error {
  const { url, model, timeoutMs } = settings;
  const f = failure.failure;
  const cause = failure.original;
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  switch (f.kind) {
    case 'connection':
      return new OllamaUnavailableError(
        `Cannot reach Ollama at ${url} (${f.code ?? f.message}) after ${tries}. Is \`ollama serve\` running there? Point the \`url\` option (or OLLAMA_HOST) at the server.`,
        { url, attempts, reason: 'connection', cause },
      );
    case 'timeout':
      return new OllamaUnavailableError(
        `Ollama at ${url} did not finish ${operation} with model "${model}" within ${timeoutMs} ms (${tries}). Loading a large model can take long: raise \`timeoutMs\`, or check the server.`,
        { url, attempts, reason: 'timeout', cause },
      );
    case 'server':
      return new OllamaUnavailableError(
        `Ollama at ${url} failed ${operation} with model "${model}": HTTP ${f.status}: ${f.message} (${tries}). Check the server log (\`journalctl -u ollama\` or the \`ollama serve\` output).`,
        { url, attempts, reason: 'server', status: f.status, cause },
      );
    case 'truncated':
      return new OllamaUnavailableError(
        `Ollama at ${url} ended the ${operation} stream of model "${model}" before it was complete (${tries}).`,
        { url, attempts, reason: 'truncated', cause },
      );
    case 'model-not-found':
      return new ModelNotFoundError(
        `Model "${model}" is not available on the Ollama server at ${url} (${f.message}). Run \`ollama pull ${model}\` on that machine, or set \`model\` to one listed by \`ollama list\`.`,
        { model, url, status: f.status },
      );
    case 'client':
      return new OllamaRequestError(
        f.status === 404
          ? `Ollama at ${url} has no endpoint for ${operation} (HTTP 404: ${f.message}). Is the server an Ollama ≥ 0.3.4, and does \`url\` point at its root?`
          : `Ollama at ${url} rejected ${operation} with model "${model}": HTTP ${f.status}: ${f.message}`,
        { url, status: f.status ?? 400, model, cause },
      );
    case 'malformed':
    case 'response':
      return new OllamaResponseError(
        `Ollama at ${url} answered ${operation} with model "${model}" with an invalid response: ${f.message}`,
        {
          url,
          model,
          cause,
        },
      );
    default:
      return cause instanceof Error ? cause : new Error(String(cause));
  }
}

/**
 * Runs one logical Ollama operation with timeouts, retries and error mapping.
 *
 * `attempt(fetch)` performs the whole request through a LangChain client built with the
 * given `fetch` (bound to `signal` and to a per-attempt timer of `settings.timeoutMs`).
 * Connection errors, HTTP 5xx, timeouts and truncated streams are retried with exponential
 * backoff and jitter; 4xx never. `canRetry()` can veto retries (e.g. once streamed text was
 * handed to a callback). Aborting `signal` rejects at once with `PipelineAbortedError`.
 *
 * Errors: `ModelNotFoundError` (404 for the model), `OllamaUnavailableError` (unreachable,
 * 5xx, timeout after retries), `OllamaRequestError` (other 4xx), `OllamaResponseError`.
 */
export async function callOllama<T>(
  operation: string,
  settings: OllamaCallSettings,
  attempt: (fetchImpl: AttemptFetch, attemptNumber: number) => Promise<T>,
  options: { signal?: AbortSignal | undefined; canRetry?: () => boolean } = {},
): Promise<T> {
  const { signal } = options;
  let attempts = 0;
  const runOne = async (attemptNumber: number): Promise<T> => {
    attempts = attemptNumber;
    const timer = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      timer.abort(new DOMException(`Timed out after ${settings.timeoutMs} ms`, 'TimeoutError'));
    }, settings.timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    const boundFetch: AttemptFetch = (input, init) =>
      fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, attemptSignal]) : attemptSignal });
    try {
      const result = await raceAbort(attempt(boundFetch, attemptNumber), attemptSignal, abortReason);
      // Some LangChain paths stop quietly when their signal fires; never return a partial result.
      if (signal?.aborted) throw abortReason(signal);
      return result;
    } catch (error) {
      if (error instanceof CallerError) throw error.original;
      if (signal?.aborted) throw error;
      throw new AttemptFailure(classifyOllamaFailure(error, timedOut), error);
    } finally {
      clearTimeout(timeout);
    }
  };
  try {
    return await withRetry(runOne, {
      policy: settings.retry,
      signal,
      onRetry: settings.onRetry
        ? (info) =>
            settings.onRetry?.({ ...info, error: info.error instanceof AttemptFailure ? info.error.original : info.error })
        : undefined,
      isRetryable: (e) => e instanceof AttemptFailure && e.failure.retryable && (options.canRetry?.() ?? true),
    });
  } catch (error) {
    if (signal?.aborted) throw new PipelineAbortedError(signal.reason);
    if (error instanceof AttemptFailure) throw publicError(operation, settings, error, attempts);
    throw error;
  }
}
