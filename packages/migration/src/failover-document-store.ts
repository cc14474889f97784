import type { Document, DocumentStore, Filter, SerializedObject, WriteOptions } from '@synapse-rag/core';
import { errorReason, functionOption, isDocumentStore, parseOptions, SynapseError } from '@synapse-rag/core';
import { z } from 'zod';
import { CircuitBreaker, type Permit } from './circuit-breaker.js';
import type { MigrationMetrics } from './create-metrics.js';
import { CircuitOpenError, StoreTimeoutError, UnsupportedRetrievalError } from './errors.js';
import { type OutboxOperation, type ReplayResult, replayPolicy } from './file-outbox.js';
import { Listeners } from './listeners.js';
import { CONSOLE_LOGGER, type MigrationLogger } from './logger.js';
import type { CircuitState, MigrationEvent, StoreOperation } from './migration-events.js';
import { OutboxOption, outboxOptionSchema } from './outbox-option.js';
import { registerStoreOfStores } from './register-store-of-stores.js';
import { type EmbeddingQuery, embeddingSearch, type KeywordQuery, keywordSearch, type Search } from './store-search.js';
import { timedCall } from './timed-call.js';
import { withTimeout } from './with-timeout.js';

/** Registered store type name of {@link FailoverDocumentStore}. */
export const FAILOVER_DOCUMENT_STORE_TYPE = 'migration.FailoverDocumentStore';

/** Options of {@link FailoverDocumentStore}. */
export const FailoverDocumentStoreOptionsSchema = z.strictObject({
  /** The store that normally serves (pgvector after the cut-over). */
  primary: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /** Serves reads while the primary's circuit is open (the legacy store). */
  fallback: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /** Consecutive primary failures or time-outs that open the circuit. @default 3 */
  failureThreshold: z.number().int().positive().default(3),
  /** Longest any call waits for the primary; a slower call counts as a failure (reads then go to the fallback). @default 2000 */
  timeoutMs: z.number().int().positive().default(2000),
  /** How long the circuit stays open before one probe call tries the primary again. @default 30000 */
  cooldownMs: z.number().int().nonnegative().default(30_000),
  /**
   * Writes while the circuit is open fail with `CircuitOpenError` — unless an outbox is given:
   * then they go to the fallback and are queued (fsync'd) for the primary; {@link replayOutbox}
   * applies them once it is back. A {@link FileOutbox} or the path of its file.
   * @default undefined (writes fail while open)
   */
  outbox: outboxOptionSchema.optional(),
  /** Metrics fed from this store's events. @default undefined */
  metrics: z.custom<MigrationMetrics>((v) => typeof v === 'object' && v !== null).optional(),
  /** @default console */
  logger: z.custom<MigrationLogger>((v) => typeof v === 'object' && v !== null).optional(),
  /** Names this store's breaker in events and the `breaker` metric label. @default "primary" */
  name: z.string().min(1).default('primary'),
  /** Clock in ms (tests). @default Date.now */
  now: functionOption<() => number>('now'),
});
export type FailoverDocumentStoreOptions = z.input<typeof FailoverDocumentStoreOptionsSchema>;
type Parsed = z.output<typeof FailoverDocumentStoreOptionsSchema>;

/** Errors that say the request was wrong, not that the primary is down: rethrown, never counted. */
const CALLER_ERROR_CODES = new Set([
  'FILTER_INVALID',
  'INVALID_OPTIONS',
  'INVALID_DOCUMENT',
  'DUPLICATE_DOCUMENT',
  'RETRIEVAL_UNSUPPORTED',
]);
const isCallerError = (error: unknown) => error instanceof SynapseError && CALLER_ERROR_CODES.has(error.code);

/**
 * A {@link DocumentStore} that protects a primary store with a circuit breaker
 * ({@link CircuitBreaker}: closed → open after `failureThreshold` consecutive failures or
 * time-outs → half-open after `cooldownMs` → closed when the probe succeeds, open again when it
 * fails). No call waits longer than `timeoutMs` on the primary, even one that hangs.
 *
 * Reads (`filterDocuments`, `countDocuments`, embedding and keyword retrieval) that fail or time
 * out on the primary, and every read while the circuit is open, are served by the fallback.
 * Writes and deletes go to the primary only; a failing write fails the call (it is never written
 * to the fallback alone). While the circuit is open writes fail with `CircuitOpenError`, or — with
 * an `outbox` — go to the fallback and are queued for the primary. Invalid requests (bad filters,
 * duplicates...) are the caller's errors: rethrown without counting against the primary.
 */
export class FailoverDocumentStore implements DocumentStore {
  readonly type = FAILOVER_DOCUMENT_STORE_TYPE;
  readonly options: Readonly<Parsed>;
  readonly primary: DocumentStore;
  readonly fallback: DocumentStore;
  private readonly breaker: CircuitBreaker;
  private readonly events = new Listeners<MigrationEvent>();
  private readonly logger: MigrationLogger;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly outbox: OutboxOption;

  constructor(options: FailoverDocumentStoreOptions) {
    this.options = Object.freeze(parseOptions(FailoverDocumentStoreOptionsSchema, options, 'FailoverDocumentStore'));
    this.primary = this.options.primary;
    this.fallback = this.options.fallback;
    this.logger = this.options.logger ?? CONSOLE_LOGGER;
    this.breaker = new CircuitBreaker({ ...this.options, ...(this.options.now ? { now: this.options.now } : {}) });
    this.outbox = new OutboxOption(this.options.outbox);
    if (this.options.metrics) this.unsubscribe.push(this.options.metrics.observe(this));
    this.breaker.onTransition(({ from, to, reason }) => {
      this.events.emit({ type: 'circuit:state', breaker: this.options.name, from, to, reason });
      if (to === 'open') this.logger.warn(`primary store circuit opened: ${reason}; serving reads from the fallback`);
    });
  }

  /** `closed` | `open` | `half-open`. */
  get state(): CircuitState {
    return this.breaker.state;
  }

  onEvent(listener: (event: MigrationEvent) => void): () => void {
    return this.events.on(listener);
  }

  filterDocuments(filters?: Filter): Promise<Document[]> {
    return this.read('filterDocuments', (store) => store.filterDocuments(filters));
  }

  countDocuments(): Promise<number> {
    return this.read('countDocuments', (store) => store.countDocuments());
  }

  embeddingRetrieval(query: EmbeddingQuery): Promise<Document[]> {
    return this.read('embeddingRetrieval', (store, signal) =>
      searchOrThrow(store, embeddingSearch, 'embedding')({ ...query, signal }),
    );
  }

  keywordRetrieval(query: KeywordQuery): Promise<Document[]> {
    return this.read('keywordRetrieval', (store, signal) => searchOrThrow(store, keywordSearch, 'keyword')({ ...query, signal }));
  }

  writeDocuments(documents: readonly Document[], options: WriteOptions = {}): Promise<number> {
    return this.write(
      'writeDocuments',
      (store) => store.writeDocuments(documents, options),
      () => ({ op: 'write', documents: [...documents], policy: replayPolicy(options.policy) }),
    );
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    await this.write(
      'deleteDocuments',
      (store) => store.deleteDocuments(ids),
      () => ({ op: 'delete', ids: [...ids] }),
    );
  }

  /** Applies writes queued while the circuit was open to the primary (idempotent; stops at the first failure). */
  async replayOutbox(): Promise<ReplayResult> {
    const outbox = await this.outbox.get();
    if (!outbox) return { applied: 0, remaining: 0 };
    const result = await outbox.replay(this.primary);
    this.events.emit({ type: 'outbox:replayed', applied: result.applied, remaining: result.remaining });
    this.events.emit({ type: 'outbox:size', size: outbox.size });
    return result;
  }

  /** Stops feeding metrics and closes an outbox opened from a path (the two stores stay open). */
  async close(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.outbox.close();
  }

  toJSON(): SerializedObject {
    const { failureThreshold, timeoutMs, cooldownMs, name } = this.options;
    const options: Record<string, unknown> = {
      name,
      primary: this.primary.toJSON(),
      fallback: this.fallback.toJSON(),
      failureThreshold,
      timeoutMs,
      cooldownMs,
    };
    if (this.outbox.path !== undefined) options.outbox = this.outbox.path;
    return { type: FAILOVER_DOCUMENT_STORE_TYPE, options };
  }

  // ------------------------------------------------------------------ internals

  private timed<T>(role: 'primary' | 'fallback', operation: StoreOperation, fn: () => Promise<T>): Promise<T> {
    return timedCall(this.events, role, operation, fn);
  }

  /** Calls the primary within `timeoutMs`, reporting the outcome to the breaker. */
  private async onPrimary<T>(
    permit: Permit,
    operation: StoreOperation,
    fn: (store: DocumentStore, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs } = this.options;
    try {
      const value = await this.timed('primary', operation, () =>
        withTimeout(
          (signal) => fn(this.primary, signal),
          timeoutMs,
          () => new StoreTimeoutError('primary', operation, timeoutMs),
        ),
      );
      this.breaker.success(permit);
      return value;
    } catch (error) {
      if (isCallerError(error)) {
        this.breaker.success(permit); // the primary answered: it is up
        throw error;
      }
      this.breaker.failure(permit, errorReason(error));
      throw error;
    }
  }

  private async read<T>(operation: StoreOperation, fn: (store: DocumentStore, signal?: AbortSignal) => Promise<T>): Promise<T> {
    const permit = this.breaker.acquire();
    if (permit.allowed) {
      try {
        return await this.onPrimary(permit, operation, fn);
      } catch (error) {
        if (isCallerError(error)) throw error;
        this.logger.warn(`primary ${operation} failed; answered from the fallback`, {
          error: errorReason(error),
        });
      }
    }
    return this.timed('fallback', operation, () => fn(this.fallback));
  }

  private async write<T>(
    operation: 'writeDocuments' | 'deleteDocuments',
    fn: (store: DocumentStore) => Promise<T>,
    entry: () => OutboxOperation,
  ): Promise<T> {
    const permit = this.breaker.acquire();
    if (permit.allowed) return this.onPrimary(permit, operation, (store) => fn(store));
    const outbox = await this.outbox.get();
    if (!outbox) throw new CircuitOpenError(operation, permit.retryInMs);
    const value = await this.timed('fallback', operation, () => fn(this.fallback));
    await outbox.append(entry());
    this.events.emit({ type: 'outbox:size', size: outbox.size });
    return value;
  }
}

function searchOrThrow<Q>(store: DocumentStore, of: (s: DocumentStore) => Search<Q> | undefined, kind: string): Search<Q> {
  const search = of(store);
  if (!search) throw new UnsupportedRetrievalError(store.toJSON().type, kind);
  return search;
}

registerStoreOfStores(
  FAILOVER_DOCUMENT_STORE_TYPE,
  ['primary', 'fallback'],
  (options: FailoverDocumentStoreOptions) => new FailoverDocumentStore(options),
);
