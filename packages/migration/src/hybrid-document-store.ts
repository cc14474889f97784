import type { Document, DocumentStore, Filter, SerializedObject, WriteOptions } from '@synapse-rag/core';
import { errorReason, functionOption, isDocumentStore, parseOptions } from '@synapse-rag/core';
import { z } from 'zod';
import { compareResults } from './compare-results.js';
import type { MigrationMetrics } from './create-metrics.js';
import { StoreTimeoutError, UnsupportedRetrievalError } from './errors.js';
import type { FeatureFlags } from './feature-flags.js';
import { type OutboxOperation, type ReplayResult, replayPolicy } from './file-outbox.js';
import { type FlagSource, type FlagsLike, toFlagSource } from './flag-source.js';
import { Listeners } from './listeners.js';
import { CONSOLE_LOGGER, type MigrationLogger } from './logger.js';
import type { MigrationEvent, ShadowComparison, StoreOperation } from './migration-events.js';
import { OutboxOption, outboxOptionSchema } from './outbox-option.js';
import { registerStoreOfStores } from './register-store-of-stores.js';
import { routeRead } from './route-read.js';
import { type EmbeddingQuery, embeddingSearch, type KeywordQuery, keywordSearch, type Search } from './store-search.js';
import { timedCall } from './timed-call.js';
import { withTimeout } from './with-timeout.js';

/** Registered store type name of {@link HybridDocumentStore}. */
export const HYBRID_DOCUMENT_STORE_TYPE = 'migration.HybridDocumentStore';

/** Options of {@link HybridDocumentStore}. */
export const HybridDocumentStoreOptionsSchema = z.strictObject({
  /** The store being moved away from (Chroma in production). */
  legacy: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /** The store being moved to (pgvector in production). */
  target: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /** Plain flags (validated) or a {@link FlagSource} read on every call, so flag changes apply at once. */
  flags: z.custom<FlagsLike>((v) => typeof v === 'object' && v !== null, 'must be feature flags or a FlagSource'),
  /**
   * Durable outbox for dual-write legs the legacy store failed: a {@link FileOutbox} or the path of
   * its JSONL file (opened on first use). Without one, legacy failures are only logged and counted
   * and the stores drift apart: configure one whenever dual write is on.
   * @default undefined
   */
  outbox: outboxOptionSchema.optional(),
  /** Metrics fed from this store's events. @default undefined */
  metrics: z.custom<MigrationMetrics>((v) => typeof v === 'object' && v !== null).optional(),
  /** @default console */
  logger: z.custom<MigrationLogger>((v) => typeof v === 'object' && v !== null).optional(),
  /** A shadow read still running after this long is abandoned (aborted) and counted as a time-out. @default 2000 */
  shadowTimeoutMs: z.number().int().positive().default(2000),
  /** Shadow comparisons with overlap@k below this are `low` (their events keep the query and both id lists). @default 0.5 */
  lowOverlapThreshold: z.number().min(0).max(1).default(0.5),
  /**
   * Keyword retrieval routed to a store without it (Chroma): `empty` returns no documents (the
   * legacy app had no keyword search, so a hybrid pipeline falls back to its vector half), `other`
   * asks the other store, `error` throws `UnsupportedRetrievalError`.
   * @default "empty"
   */
  keywordFallback: z.enum(['empty', 'other', 'error']).default('empty'),
  /** Random source in [0, 1) for key-less routing and shadow sampling (tests pass a fixed one). @default Math.random */
  random: functionOption<() => number>('random'),
});
export type HybridDocumentStoreOptions = z.input<typeof HybridDocumentStoreOptionsSchema>;
type Parsed = z.output<typeof HybridDocumentStoreOptionsSchema>;

/** Per-call routing for reads. */
export interface RoutingOptions {
  /** User or session id: sticky routing. Without it the choice is random per call. */
  routingKey?: string | undefined;
}

type Role = 'legacy' | 'target';
type RetrievalKind = 'embeddingRetrieval' | 'keywordRetrieval';

/**
 * A {@link DocumentStore} over two stores during a migration, driven by feature flags.
 *
 * **Writes** (and deletes), dual write on: the target first — a target failure fails the call
 * before the legacy store is touched, so the new store never silently falls behind and the legacy
 * one is never ahead of it; then the legacy store — a failure there is logged, counted and, with an
 * outbox, appended to it (fsync'd) for {@link replayOutbox}. While the outbox holds entries, legacy
 * legs are queued behind them so replay keeps the order. Writes are serialized per store instance.
 * Dual write off: `usePgvector` → target only, otherwise legacy only.
 *
 * **Reads**: `filterDocuments`/`countDocuments` and the retrievals go to {@link routeRead}'s
 * store. **Shadow reads** (retrievals, sampled by `shadowReadSampleRate`): the other store runs the
 * same query concurrently; the caller gets the primary answer as soon as it exists; the shadow is
 * bounded by `shadowTimeoutMs`, its failures are only counted, and the two top-k lists are
 * compared (overlap@k, rank correlation) and reported as events / metrics.
 */
export class HybridDocumentStore implements DocumentStore {
  readonly type = HYBRID_DOCUMENT_STORE_TYPE;
  readonly options: Readonly<Parsed>;
  readonly legacy: DocumentStore;
  readonly target: DocumentStore;
  readonly flagSource: FlagSource;
  private readonly logger: MigrationLogger;
  private readonly random: () => number;
  private readonly events = new Listeners<MigrationEvent>();
  private readonly shadows = new Set<Promise<void>>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly outbox: OutboxOption;
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(options: HybridDocumentStoreOptions) {
    this.options = Object.freeze(parseOptions(HybridDocumentStoreOptionsSchema, options, 'HybridDocumentStore'));
    this.legacy = this.options.legacy;
    this.target = this.options.target;
    this.flagSource = toFlagSource(this.options.flags);
    this.logger = this.options.logger ?? CONSOLE_LOGGER;
    this.random = this.options.random ?? Math.random;
    this.outbox = new OutboxOption(this.options.outbox);
    if (this.options.metrics) this.unsubscribe.push(this.options.metrics.observe(this));
    this.unsubscribe.push(this.flagSource.subscribe((flags) => this.emit({ type: 'flags:changed', flags: { ...flags } })));
  }

  /** The flags in force now. */
  get flags(): FeatureFlags {
    return this.flagSource.current;
  }

  /** Subscribes to this store's events; returns the unsubscribe function. */
  onEvent(listener: (event: MigrationEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Which store serves a read now (see {@link routeRead}). */
  routeRead(routingKey?: string): Role {
    return routeRead(this.flags, routingKey, this.random);
  }

  // ------------------------------------------------------------------ writes

  async writeDocuments(documents: readonly Document[], options: WriteOptions = {}): Promise<number> {
    return this.serialWrite(async () => {
      const flags = this.flags;
      if (!flags.enableDualWrite) {
        const role: Role = flags.usePgvector ? 'target' : 'legacy';
        return this.call(role, 'writeDocuments', () => this.store(role).writeDocuments(documents, options));
      }
      const written = await this.call('target', 'writeDocuments', () => this.target.writeDocuments(documents, options));
      const policy = replayPolicy(options.policy);
      await this.legacyLeg('writeDocuments', { op: 'write', documents: [...documents], policy }, () =>
        this.legacy.writeDocuments(documents, { policy }),
      );
      return written;
    });
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    await this.serialWrite(async () => {
      const flags = this.flags;
      if (!flags.enableDualWrite) {
        const role: Role = flags.usePgvector ? 'target' : 'legacy';
        return this.call(role, 'deleteDocuments', () => this.store(role).deleteDocuments(ids));
      }
      await this.call('target', 'deleteDocuments', () => this.target.deleteDocuments(ids));
      await this.legacyLeg('deleteDocuments', { op: 'delete', ids: [...ids] }, () => this.legacy.deleteDocuments(ids));
    });
  }

  /**
   * Applies the outbox to the legacy store, oldest first; each entry is acknowledged once applied.
   * Idempotent (re-applying an entry changes nothing) and safe to call at any time, e.g. from a
   * timer or after the legacy store recovers. Stops at the first failure, which it reports in
   * `error` (the remaining entries stay queued).
   */
  async replayOutbox(): Promise<ReplayResult> {
    const outbox = await this.outbox.get();
    if (!outbox) return { applied: 0, remaining: 0 };
    return this.serialWrite(async () => {
      const result = await outbox.replay(this.legacy);
      this.emit({ type: 'outbox:replayed', applied: result.applied, remaining: result.remaining });
      this.emit({ type: 'outbox:size', size: outbox.size });
      if (result.error !== undefined) {
        this.logger.warn('outbox replay stopped: the legacy store failed', {
          applied: result.applied,
          remaining: result.remaining,
          error: errorReason(result.error),
        });
      }
      return result;
    });
  }

  /** Operations waiting in the outbox (0 without one). */
  async outboxSize(): Promise<number> {
    return (await this.outbox.get())?.size ?? 0;
  }

  // ------------------------------------------------------------------ reads

  async filterDocuments(filters?: Filter, routing: RoutingOptions = {}): Promise<Document[]> {
    const role = this.routeRead(routing.routingKey);
    this.emit({ type: 'route', role, operation: 'filterDocuments', ...key(routing) });
    return this.call(role, 'filterDocuments', () => this.store(role).filterDocuments(filters));
  }

  async countDocuments(routing: RoutingOptions = {}): Promise<number> {
    const role = this.routeRead(routing.routingKey);
    this.emit({ type: 'route', role, operation: 'countDocuments', ...key(routing) });
    return this.call(role, 'countDocuments', () => this.store(role).countDocuments());
  }

  /** Embedding retrieval on the routed store (plus a sampled shadow read on the other one). */
  embeddingRetrieval(query: EmbeddingQuery & RoutingOptions): Promise<Document[]> {
    return this.retrieve('embeddingRetrieval', query, embeddingSearch);
  }

  /** Keyword retrieval on the routed store; see `keywordFallback` for stores without it (Chroma). */
  keywordRetrieval(query: KeywordQuery & RoutingOptions): Promise<Document[]> {
    return this.retrieve('keywordRetrieval', query, keywordSearch);
  }

  /** Resolves when every shadow read started so far has finished or timed out (tests, graceful shutdown). */
  async settleShadows(): Promise<void> {
    while (this.shadows.size > 0) await Promise.all([...this.shadows]);
  }

  /** Stops listening to the flag source and metrics, waits for shadow reads, closes an outbox opened from a path. The two stores stay open (the caller owns them). */
  async close(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.settleShadows();
    await this.outbox.close();
  }

  toJSON(): SerializedObject {
    const { shadowTimeoutMs, lowOverlapThreshold, keywordFallback } = this.options;
    const options: Record<string, unknown> = {
      legacy: this.legacy.toJSON(),
      target: this.target.toJSON(),
      flags: { ...this.flags },
      shadowTimeoutMs,
      lowOverlapThreshold,
      keywordFallback,
    };
    if (this.outbox.path !== undefined) options.outbox = this.outbox.path;
    return { type: HYBRID_DOCUMENT_STORE_TYPE, options };
  }

  // ------------------------------------------------------------------ internals

  private store(role: Role): DocumentStore {
    return role === 'target' ? this.target : this.legacy;
  }

  private emit(event: MigrationEvent): void {
    this.events.emit(event);
  }

  private serialWrite<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(fn, fn);
    this.writeChain = run.catch(() => {});
    return run;
  }

  /** Times a call on one store and reports it. */
  private call<T>(role: Role, operation: StoreOperation, fn: () => Promise<T>, shadow = false): Promise<T> {
    return timedCall(this.events, role, operation, fn, shadow);
  }

  /** The legacy half of a dual write: applied now, or queued when it fails or the outbox already holds older entries. */
  private async legacyLeg(
    operation: 'writeDocuments' | 'deleteDocuments',
    entry: OutboxOperation,
    apply: () => Promise<unknown>,
  ): Promise<void> {
    const outbox = await this.outbox.get();
    if (outbox && outbox.size > 0) {
      // Older operations are still queued: applying this one first would let replay overwrite it.
      await outbox.append(entry);
      this.emit({ type: 'outbox:size', size: outbox.size });
      return;
    }
    try {
      await this.call('legacy', operation, apply);
      return;
    } catch (error) {
      if (outbox) {
        await outbox.append(entry);
        this.emit({ type: 'outbox:size', size: outbox.size });
      }
      this.emit({ type: 'dual-write:failure', role: 'legacy', operation, error, outboxed: outbox !== undefined });
      this.logger.warn(
        outbox
          ? `legacy ${operation} failed; queued in the outbox ${outbox.path} (run replayOutbox() once the legacy store is back)`
          : `legacy ${operation} failed and NO OUTBOX is configured: the legacy store now lacks this change`,
        { error: errorReason(error) },
      );
    }
  }

  private async retrieve<Q extends EmbeddingQuery | KeywordQuery>(
    kind: RetrievalKind,
    query: Q & RoutingOptions,
    searchOf: (store: DocumentStore) => Search<Q> | undefined,
  ): Promise<Document[]> {
    const { routingKey, ...rest } = query;
    const q = rest as unknown as Q;
    const flags = this.flags;
    let role = this.routeRead(routingKey);
    let search = searchOf(this.store(role));
    if (!search) {
      if (this.options.keywordFallback === 'error') throw new UnsupportedRetrievalError(role, 'keyword');
      if (this.options.keywordFallback === 'empty') {
        this.emit({ type: 'route', role, operation: kind, ...key({ routingKey }) });
        return [];
      }
      role = other(role);
      search = searchOf(this.store(role));
      if (!search) throw new UnsupportedRetrievalError('legacy or target', 'keyword');
    }
    this.emit({ type: 'route', role, operation: kind, ...key({ routingKey }) });
    const shadowRole = other(role);
    const shadow =
      flags.enableShadowReads && this.random() < flags.shadowReadSampleRate
        ? this.startShadow(kind, shadowRole, q, searchOf(this.store(shadowRole)))
        : undefined;
    const primaryCall = this.call(role, kind, () => search(q));
    let documents: Document[];
    try {
      documents = await primaryCall;
    } catch (error) {
      shadow?.abandon();
      throw error;
    }
    if (shadow) {
      const done = shadow.result.then(
        (shadowDocs) => {
          if (shadowDocs) this.reportComparison(kind, role, shadowRole, q, routingKey, documents, shadowDocs);
        },
        () => {},
      );
      this.shadows.add(done);
      void done.finally(() => this.shadows.delete(done));
    }
    return documents;
  }

  /** Starts the shadow query now (concurrently with the primary); never rejects. */
  private startShadow<Q extends EmbeddingQuery | KeywordQuery>(
    kind: RetrievalKind,
    role: Role,
    query: Q,
    search: Search<Q> | undefined,
  ): { result: Promise<Document[] | undefined>; abandon(): void } {
    if (!search) {
      this.emit({ type: 'shadow:failure', reason: 'unsupported', operation: kind, shadow: role });
      return { result: Promise.resolve(undefined), abandon() {} };
    }
    const controller = new AbortController();
    const timeoutMs = this.options.shadowTimeoutMs;
    const result = withTimeout(
      (signal) => this.call(role, kind, () => search({ ...query, signal }), true),
      timeoutMs,
      () => new StoreTimeoutError(role, kind, timeoutMs),
      controller.signal,
    ).then(
      (docs): Document[] | undefined => docs,
      (error: unknown): undefined => {
        if (controller.signal.aborted) return undefined; // the primary failed: nothing to compare
        const reason = error instanceof StoreTimeoutError ? 'timeout' : 'error';
        this.emit({ type: 'shadow:failure', reason, operation: kind, shadow: role, error });
        return undefined;
      },
    );
    return { result, abandon: () => controller.abort() };
  }

  private reportComparison(
    kind: RetrievalKind,
    primary: Role,
    shadow: Role,
    query: EmbeddingQuery | KeywordQuery,
    routingKey: string | undefined,
    primaryDocs: Document[],
    shadowDocs: Document[],
  ): void {
    const primaryIds = primaryDocs.map((d) => d.id);
    const shadowIds = shadowDocs.map((d) => d.id);
    const { overlap, rankCorrelation } = compareResults(primaryIds, shadowIds, query.topK);
    const low = overlap < this.options.lowOverlapThreshold;
    const comparison: ShadowComparison = {
      operation: kind,
      primary,
      shadow,
      k: query.topK,
      overlap,
      rankCorrelation,
      low,
      primaryIds: primaryIds.slice(0, query.topK),
      shadowIds: shadowIds.slice(0, query.topK),
      ...key({ routingKey }),
    };
    if (low) {
      comparison.query = {
        topK: query.topK,
        ...('query' in query ? { text: query.query } : { embedding: [...query.queryEmbedding] }),
        ...(query.filters !== undefined ? { filters: query.filters } : {}),
      };
      this.logger.warn(`shadow read overlap@${query.topK} ${overlap.toFixed(2)} below ${this.options.lowOverlapThreshold}`, {
        primary,
        primaryIds: comparison.primaryIds,
        shadowIds: comparison.shadowIds,
      });
    }
    this.emit({ type: 'shadow:result', comparison });
  }
}

function other(role: Role): Role {
  return role === 'target' ? 'legacy' : 'target';
}

function key(routing: RoutingOptions): { routingKey?: string } {
  return routing.routingKey === undefined ? {} : { routingKey: routing.routingKey };
}

registerStoreOfStores(
  HYBRID_DOCUMENT_STORE_TYPE,
  ['legacy', 'target'],
  (options: HybridDocumentStoreOptions) => new HybridDocumentStore(options),
);
