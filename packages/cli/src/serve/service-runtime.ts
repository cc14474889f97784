import type { DocumentStore } from '@synapse-rag/core';
import {
  createMetrics,
  FlagSource,
  HybridDocumentStore,
  type MigrationEventSource,
  type MigrationLogger,
  type MigrationMetrics,
  RolloutStore,
} from '@synapse-rag/migration';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { IndexLedger } from '../indexing/index-ledger.js';
import { chooseEmbedder, chooseGenerator, type EmbedderSpec, type GeneratorChoice } from '../models/model-choice.js';
import { type OllamaProbe, probeOllama } from '../models/ollama-probe.js';
import { anyFlagSet, type QueryPlan, queryPlan } from '../query/query-plan.js';
import { type OpenStores, openStores } from '../store/open-stores.js';
import type { StoreSettings } from '../store/store-options.js';
import { LiveFigures } from './live-figures.js';
import { SERVE_LOGGER } from './serve-logger.js';

/** What a {@link ServiceRuntime} is opened from. */
export interface ServiceRuntimeOptions {
  settings: StoreSettings;
  /**
   * The JSON flag file to follow (`FlagSource.fromFile`, watched: `synapse rollout` and
   * `PUT /admin/flags` change it without a restart); the rollout state is kept next to it.
   * Without one the flags come from the `FF_*` environment.
   */
  flagsFile?: string;
  /** Durable rollout state. @default `<flagsFile>.rollout.json` */
  rolloutStateFile?: string;
  /** The hybrid store's outbox (JSONL) for dual-write legs the legacy store failed. */
  outbox?: string;
  /** Environment for `FF_*` flags. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** A finished Ollama probe (tests); default: `probeOllama()` once at start. */
  probe?: OllamaProbe;
  logger?: MigrationLogger;
}

/**
 * Everything `synapse serve` keeps for its lifetime: the stores (opened once, PGlite included),
 * the live flag source, the prom-client registry (the migration metrics plus process metrics),
 * the live figures, the rollout store (with a flag file), the generator, and — with both a
 * pgvector and a Chroma store and no `--store` — one long-lived {@link HybridDocumentStore} per
 * embedding dimension, so dual writes, routing and shadow reads follow the flags and feed the metrics.
 */
export class ServiceRuntime {
  readonly figures = new LiveFigures();
  private embedderSpec: EmbedderSpec | undefined;
  private readonly hybrids = new Map<number, HybridDocumentStore>();
  private closed = false;

  private constructor(
    readonly settings: StoreSettings,
    readonly stores: OpenStores,
    readonly flags: FlagSource,
    /** Whether the flags were given (a file, or `FF_*` variables): plans then note a pinned path. */
    private readonly flagsGiven: boolean,
    readonly metrics: MigrationMetrics,
    readonly rollout: RolloutStore | undefined,
    readonly probe: OllamaProbe,
    readonly generator: GeneratorChoice,
    private readonly options: ServiceRuntimeOptions,
    readonly logger: MigrationLogger,
  ) {}

  /** Opens the stores and the flag source, probes Ollama and picks the generator. Close it when done. */
  static async open(options: ServiceRuntimeOptions): Promise<ServiceRuntime> {
    const env = options.env ?? process.env;
    const logger = options.logger ?? SERVE_LOGGER;
    const flags = options.flagsFile ? await FlagSource.fromFile(options.flagsFile, { logger }) : FlagSource.fromEnv(env);
    try {
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      const metrics = createMetrics(registry);
      const rollout = options.flagsFile
        ? new RolloutStore(options.rolloutStateFile ?? `${options.flagsFile}.rollout.json`, options.flagsFile)
        : undefined;
      const probe = options.probe ?? (await probeOllama());
      const stores = await openStores(options.settings);
      return new ServiceRuntime(
        options.settings,
        stores,
        flags,
        Boolean(options.flagsFile) || anyFlagSet(env),
        metrics,
        rollout,
        probe,
        chooseGenerator(probe),
        options,
        logger,
      );
    } catch (error) {
      flags.close();
      throw error;
    }
  }

  /** The registry `/metrics` serves. */
  get registry(): Registry {
    return this.metrics.registry;
  }

  /** The query path and effective flags now (see `queryPlan`). */
  plan(): QueryPlan {
    return queryPlan(this.settings, this.flags.current, this.flagsGiven);
  }

  /** The stores with a ledger here: pgvector unless `--store chroma`, Chroma when configured and not `--store pgvector`. */
  storeKinds(): Array<'pgvector' | 'chroma'> {
    const kinds: Array<'pgvector' | 'chroma'> = [];
    if (this.settings.store !== 'chroma') kinds.push('pgvector');
    if (this.settings.chroma && this.settings.store !== 'pgvector') kinds.push('chroma');
    return kinds;
  }

  /** The embedder the index was built with (from the first ledger that records one); `undefined`: nothing indexed yet. */
  async embedder(): Promise<EmbedderSpec | undefined> {
    if (this.embedderSpec) return this.embedderSpec;
    for (const kind of this.storeKinds()) {
      const spec = (await IndexLedger.load(this.stores.ledger(kind))).embedder;
      if (spec) {
        this.embedderSpec = spec;
        return spec;
      }
    }
    return undefined;
  }

  /** The index's embedder, or (first write) the one `synapse index` would choose, recorded in every ledger. */
  async ensureEmbedder(): Promise<EmbedderSpec> {
    const known = await this.embedder();
    if (known) return known;
    const choice = await chooseEmbedder(this.probe);
    if (choice.notice) this.logger.warn(choice.notice);
    for (const kind of this.storeKinds()) await (await IndexLedger.load(this.stores.ledger(kind))).setEmbedder(choice.spec);
    this.embedderSpec = choice.spec;
    return choice.spec;
  }

  /** The hybrid store over both stores for `dimension` (both configured, no `--store`), else `undefined`. */
  hybrid(dimension: number): HybridDocumentStore | undefined {
    const chroma = this.stores.chroma();
    if (this.storeKinds().length < 2 || !chroma) return undefined;
    let store = this.hybrids.get(dimension);
    if (!store) {
      store = new HybridDocumentStore({
        legacy: chroma,
        target: this.stores.pgvector(dimension),
        flags: this.flags,
        metrics: this.metrics,
        logger: this.logger,
        ...(this.options.outbox ? { outbox: this.options.outbox } : {}),
      });
      this.figures.observe(store);
      this.hybrids.set(dimension, store);
    }
    return store;
  }

  /** Where `POST /index` writes: the hybrid store (the flags decide), else the one configured store. */
  writeStore(embedder: EmbedderSpec): DocumentStore {
    const hybrid = this.hybrid(embedder.dimension);
    if (hybrid) return hybrid;
    const chroma = this.stores.chroma();
    return this.settings.store === 'chroma' && chroma ? chroma : this.stores.pgvector(embedder.dimension);
  }

  /**
   * Feeds another store's events (e.g. an embedding app's `FailoverDocumentStore`, whose breaker
   * then shows in `/health` and `/events` circuits) into the metrics and the live figures.
   * Returns the unsubscribe function.
   */
  observe(source: MigrationEventSource): () => void {
    const offMetrics = this.metrics.observe(source);
    const offFigures = this.figures.observe(source);
    return () => {
      offMetrics();
      offFigures();
    };
  }

  /** Operations waiting in the hybrid stores' outbox (null: no hybrid store yet). */
  async outboxSize(): Promise<number | null> {
    if (this.hybrids.size === 0) return this.figures.outboxSize;
    let total = 0;
    for (const store of this.hybrids.values()) total += await store.outboxSize();
    return total;
  }

  /** The live hybrid stores (reconcile replays their outboxes). */
  hybridStores(): HybridDocumentStore[] {
    return [...this.hybrids.values()];
  }

  /** Stops following the flags, waits for shadow reads, closes the outbox, pools and PGlite. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flags.close();
    for (const store of this.hybrids.values()) await store.close().catch((e: unknown) => this.logger.warn(String(e)));
    await this.stores.close();
  }
}
