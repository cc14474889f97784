/**
 * Classification of the raw errors `@langchain/ollama` (through the `ollama` client and the
 * platform `fetch`) throws, into kinds the retry loop and the public error mapping use.
 *
 * What the client stack throws, read from `ollama@0.6` and `@langchain/ollama@1.3`:
 * - HTTP errors: `ResponseError` with numeric `status_code` and the server's `error` text
 *   (Ollama answers JSON `{"error": "..."}`; a 404 for a missing model says
 *   `model "x" not found, try pulling it first`).
 * - Connection failures: undici's `TypeError: fetch failed` with `cause.code`
 *   (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET` "other side closed", ...); a body cut off
 *   mid-read is `TypeError: terminated` with such a cause.
 * - A stream that ends without a `done: true` line: `Error("Did not receive done or success
 *   response in stream.")` (the only case matched by message text: the client gives no code).
 * - An `{"error": "..."}` line inside a stream: a plain `Error(message)`.
 * - A non-JSON body where JSON was expected: `SyntaxError`.
 */

export type OllamaFailureKind =
  | 'connection'
  | 'timeout'
  | 'server'
  | 'truncated'
  | 'model-not-found'
  | 'client'
  | 'malformed'
  | 'response'
  | 'unknown';

export interface OllamaFailure {
  kind: OllamaFailureKind;
  /** HTTP status when the server answered with one. */
  status?: number;
  /** Error code of a connection failure (`ECONNREFUSED`...). */
  code?: string;
  /** The server's or the client's message. */
  message: string;
  /** Whether the retry loop may try again. */
  retryable: boolean;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const TRUNCATED_STREAM = 'Did not receive done or success response in stream';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function messageOf(error: unknown): string {
  const m = field(error, 'message');
  return typeof m === 'string' ? m : String(error);
}

/** The HTTP status an error carries (`status_code` of ollama's ResponseError, or `status`). */
export function httpStatusOf(error: unknown): number | undefined {
  for (const key of ['status_code', 'status', 'statusCode']) {
    const v = field(error, key);
    if (typeof v === 'number' && v >= 100 && v <= 599) return v;
  }
  return undefined;
}

/** The first connection error code found along the `cause` chain. */
export function connectionCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
    const errors = field(current, 'errors'); // AggregateError (happy eyeballs: v4 + v6 refused)
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const c = connectionCodeOf(inner);
        if (c) return c;
      }
    }
    current = field(current, 'cause');
  }
  return undefined;
}

/** The message of the innermost `cause` (e.g. undici's "connect ECONNREFUSED 127.0.0.1:1" under "fetch failed"). */
export function rootCauseMessage(error: unknown): string {
  let current: unknown = error;
  let message = messageOf(error);
  for (let depth = 0; depth < 6; depth++) {
    const next = field(current, 'cause');
    if (next === undefined || next === null) break;
    const m = field(next, 'message');
    if (typeof m === 'string' && m !== '') message = m;
    current = next;
  }
  return message;
}

/** Classifies one raw failure of an attempt. `timedOut` is set when the attempt's own timer fired. */
export function classifyOllamaFailure(error: unknown, timedOut: boolean): OllamaFailure {
  const message = messageOf(error);
  if (timedOut) return { kind: 'timeout', message, retryable: true };
  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status >= 500) return { kind: 'server', status, message, retryable: true };
    if (status === 404 && /\bmodel\b/i.test(message)) return { kind: 'model-not-found', status, message, retryable: false };
    return { kind: 'client', status, message, retryable: false };
  }
  const code = connectionCodeOf(error);
  if (code !== undefined) return { kind: 'connection', code, message: rootCauseMessage(error), retryable: true };
  if (error instanceof TypeError && /^(fetch failed|terminated)$/i.test(message)) {
    // No known code (e.g. a TLS failure): keep the innermost cause's words for the final message.
    const root = rootCauseMessage(error);
    return { kind: 'connection', code: root, message: root, retryable: true };
  }
  if (message.includes(TRUNCATED_STREAM)) return { kind: 'truncated', message, retryable: true };
  if (error instanceof SyntaxError) return { kind: 'malformed', message, retryable: false };
  if (error instanceof Error && error.constructor === Error) return { kind: 'response', message, retryable: false };
  return { kind: 'unknown', message, retryable: false };
}
