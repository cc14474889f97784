import { StoreUnavailableError, SynapseError } from '@synapse-rag/core';

/**
 * The Ollama server could not be reached, timed out, or kept failing with server errors (5xx)
 * after every retry. It is a {@link StoreUnavailableError} (code `STORE_UNAVAILABLE`), so code
 * handling "a backend is down" generically also handles this; `details` holds `url`,
 * `attempts` and the failure `reason` (`connection`, `timeout`, `server`, `truncated`).
 */
export class OllamaUnavailableError extends StoreUnavailableError {
  readonly url: string;
  readonly attempts: number;
  constructor(message: string, options: { url: string; attempts: number; reason: string; status?: number; cause?: unknown }) {
    super(message, {
      cause: options.cause,
      details: { url: options.url, attempts: options.attempts, reason: options.reason, status: options.status },
    });
    this.url = options.url;
    this.attempts = options.attempts;
  }
}

/**
 * Ollama rejected the request (HTTP 4xx other than "model not found"), e.g. an input longer
 * than the context with `truncate: false` or an invalid option. Never retried.
 */
export class OllamaRequestError extends SynapseError {
  readonly status: number;
  constructor(message: string, options: { url: string; status: number; model: string; cause?: unknown }) {
    super('OLLAMA_REQUEST', message, {
      cause: options.cause,
      details: { url: options.url, status: options.status, model: options.model },
    });
    this.status = options.status;
  }
}

/**
 * Ollama answered with something that is not a valid response (malformed JSON, an error
 * reported inside a stream, a wrong number of embeddings...).
 */
export class OllamaResponseError extends SynapseError {
  constructor(message: string, options: { url: string; model: string; cause?: unknown }) {
    super('OLLAMA_BAD_RESPONSE', message, { cause: options.cause, details: { url: options.url, model: options.model } });
  }
}
