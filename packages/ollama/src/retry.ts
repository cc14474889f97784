import { z } from 'zod';

/** How to retry a failed call: exponential backoff capped at `maxDelayMs`, with jitter. */
export const RetryPolicySchema = z
  .object({
    /** Retries after the first attempt (0 = try once). @default 3 */
    maxRetries: z.number().int().min(0).max(100).default(3),
    /** Backoff ceiling before the first retry; doubles on every further retry. @default 500 */
    initialDelayMs: z.number().min(0).default(500),
    /** Upper bound of any single backoff. @default 10000 */
    maxDelayMs: z.number().min(0).default(10_000),
    /**
     * `full`: wait a uniform random time in `[0, backoff]` (AWS "full jitter", best at
     * spreading retries of many clients); `equal`: `backoff/2 + random(0, backoff/2)`;
     * `none`: wait exactly `backoff`. @default "full"
     */
    jitter: z.enum(['full', 'equal', 'none']).default('full'),
  })
  .strict();

export type RetryPolicy = z.output<typeof RetryPolicySchema>;
export type RetryPolicyInput = z.input<typeof RetryPolicySchema>;

/** Information handed to `onRetry` before each backoff sleep. */
export interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** How long the retry loop will sleep before the next attempt. */
  delayMs: number;
  /** The error of the failed attempt. */
  error: unknown;
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Whether a failure may be retried. Non-retryable errors are rethrown at once. */
  isRetryable: (error: unknown) => boolean;
  /** Aborts immediately, including during a backoff sleep; the signal's reason is thrown. */
  signal?: AbortSignal;
  /** Called before each backoff sleep (e.g. to log). Must not throw. */
  onRetry?: (info: RetryInfo) => void;
  /** Uniform random numbers in [0, 1). Injectable for deterministic tests. @default Math.random */
  random?: () => number;
  /** Abortable sleep. Injectable for deterministic tests. @default {@link sleep} */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The backoff before retry number `retry` (0 for the first retry):
 * `cap = min(maxDelayMs, initialDelayMs * 2^retry)`, then jittered per `policy.jitter`.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  switch (policy.jitter) {
    case 'none':
      return cap;
    case 'equal':
      return cap / 2 + random() * (cap / 2);
    default:
      return random() * cap;
  }
}

/** The error to throw for an aborted signal (its reason, or a standard AbortError). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds, a failure is not retryable, retries are exhausted (the last
 * error is rethrown) or `signal` aborts (its reason is thrown, without waiting out a backoff).
 * `fn` receives the 1-based attempt number.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, isRetryable, signal, onRetry } = options;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (attempt > policy.maxRetries || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(attempt - 1, policy, random);
      onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, signal);
    }
  }
}
