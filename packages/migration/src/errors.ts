import { SynapseError } from '@synapse-rag/core';

/** One invalid feature flag: where it came from, what it held and what is allowed. */
export interface FlagProblem {
  /** `FF_PGVECTOR_READ_PERCENTAGE`, or `usePgvector` (object / file key). */
  variable: string;
  /** The value as given (strings from env are kept verbatim). */
  value: unknown;
  /** What the flag accepts, e.g. `a number from 0 to 100`. */
  allowed: string;
}

/** Feature flags failed validation. The message lists every problem at once. */
export class InvalidFlagsError extends SynapseError {
  readonly problems: readonly FlagProblem[];
  constructor(problems: readonly FlagProblem[], origin: string) {
    const lines = problems.map((p) => `${p.variable}=${JSON.stringify(p.value)} is invalid: allowed is ${p.allowed}`);
    super('INVALID_FLAGS', `Invalid feature flags (${origin}): ${lines.join('; ')}.`, { details: { problems, origin } });
    this.problems = problems;
  }
}

/** A call to a store did not finish within its time budget (the call may still complete later). */
export class StoreTimeoutError extends SynapseError {
  constructor(store: string, operation: string, timeoutMs: number) {
    super('STORE_TIMEOUT', `${store}.${operation} did not answer within ${timeoutMs} ms; treated as a failure.`, {
      details: { store, operation, timeoutMs },
    });
  }
}

/** A write reached a circuit breaker that is open (the primary is considered down). */
export class CircuitOpenError extends SynapseError {
  constructor(operation: string, retryInMs: number) {
    super(
      'CIRCUIT_OPEN',
      `${operation} refused: the primary store's circuit is open (retry in ~${Math.max(0, Math.ceil(retryInMs))} ms). Writes never go to the fallback alone; configure an outbox on the FailoverDocumentStore to queue them instead.`,
      { details: { operation, retryInMs } },
    );
  }
}

/** The outbox file cannot be read, written or parsed. */
export class OutboxError extends SynapseError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('OUTBOX', message, options);
  }
}

/** A store asked for a kind of retrieval it does not offer (e.g. keyword retrieval on Chroma). */
export class UnsupportedRetrievalError extends SynapseError {
  constructor(store: string, retrieval: string) {
    super(
      'RETRIEVAL_UNSUPPORTED',
      `The ${store} store offers no ${retrieval} retrieval. Choose keywordFallback "empty" or "other" on the HybridDocumentStore, or route these reads elsewhere.`,
      { details: { store, retrieval } },
    );
  }
}
