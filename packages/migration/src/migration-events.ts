/** The two sides of a {@link HybridDocumentStore} and of a {@link FailoverDocumentStore}. */
export type StoreRole = 'legacy' | 'target' | 'primary' | 'fallback';

/** Store operations the migration runtime wraps (metrics label `operation`). */
export type StoreOperation =
  | 'writeDocuments'
  | 'deleteDocuments'
  | 'filterDocuments'
  | 'countDocuments'
  | 'embeddingRetrieval'
  | 'keywordRetrieval';

/** Circuit breaker states. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One shadow-read comparison (see `compareResults`). */
export interface ShadowComparison {
  operation: 'embeddingRetrieval' | 'keywordRetrieval';
  /** The store that answered the caller, and the one queried in the shadow. */
  primary: StoreRole;
  shadow: StoreRole;
  k: number;
  /** |top-k ids ∩| / max(|top-k primary|, |top-k shadow|); 1 when both are empty. */
  overlap: number;
  /** Spearman-style correlation of the ranks of the shared ids in [-1, 1]; null with fewer than 2 shared ids. */
  rankCorrelation: number | null;
  /** Below the store's `lowOverlapThreshold`. Low events keep the query and both id lists. */
  low: boolean;
  primaryIds: string[];
  shadowIds: string[];
  /** The keyword query, or the embedding's dimension and first values (only on low-overlap events). */
  query?: { text?: string; embedding?: number[]; topK: number; filters?: unknown };
  routingKey?: string;
}

/**
 * What the migration stores report. Metrics (`createMetrics().observe(store)`), logs and tests
 * subscribe with `store.onEvent(listener)`; nothing in the stores calls metrics directly.
 */
export type MigrationEvent =
  | {
      type: 'store:call';
      role: StoreRole;
      operation: StoreOperation;
      durationMs: number;
      ok: boolean;
      error?: unknown;
      /** Part of a shadow read (never seen by the caller). */
      shadow?: boolean;
    }
  | { type: 'route'; role: StoreRole; routingKey?: string; operation: StoreOperation }
  | {
      type: 'dual-write:failure';
      role: StoreRole;
      operation: 'writeDocuments' | 'deleteDocuments';
      error: unknown;
      outboxed: boolean;
    }
  | { type: 'outbox:size'; size: number }
  | { type: 'outbox:replayed'; applied: number; remaining: number }
  | { type: 'shadow:result'; comparison: ShadowComparison }
  | {
      type: 'shadow:failure';
      reason: 'timeout' | 'error' | 'unsupported';
      operation: StoreOperation;
      shadow: StoreRole;
      error?: unknown;
    }
  | { type: 'circuit:state'; breaker: string; from: CircuitState; to: CircuitState; reason: string }
  | { type: 'flags:changed'; flags: Record<string, unknown> };

/** Anything that reports {@link MigrationEvent}s. */
export interface MigrationEventSource {
  onEvent(listener: (event: MigrationEvent) => void): () => void;
}
