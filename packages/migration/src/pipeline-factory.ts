import { type ChromaDocumentStore, ChromaEmbeddingRetriever } from '@synapse-rag/chroma';
import {
  type AnyComponent,
  DocumentJoiner,
  DocumentLimiter,
  DocumentScoreFilter,
  type DocumentStore,
  ExtractiveAnswerGenerator,
  InvalidOptionsError,
  Pipeline,
  PromptBuilder,
} from '@synapse-rag/core';
import { type PgvectorDocumentStore, PgvectorEmbeddingRetriever, PgvectorKeywordRetriever } from '@synapse-rag/pgvector';
import { TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';
import { DocumentWriter } from './document-writer.js';
import type { FeatureFlags } from './feature-flags.js';
import type { FileOutbox } from './file-outbox.js';
import { type FlagsLike, toFlagSource } from './flag-source.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
import { HybridEmbeddingRetriever, HybridKeywordRetriever } from './hybrid-retrievers.js';
import type { MigrationLogger } from './logger.js';

/** The prompt of both paths: numbered documents, then the question. */
export const DEFAULT_PROMPT_TEMPLATE =
  'Answer the question using only the documents below; cite them as [n].\n' +
  '{% for d in documents %}[{{ forloop.index }}] {{ d.content }}\n{% endfor %}' +
  'Question: {{ query }}\nAnswer:';

/**
 * What the pipelines are built from. Every component can be swapped; what is left out gets an
 * offline default: the shipped GloVe embedders (`@synapse-rag/transformers`), no ranker, the
 * {@link DEFAULT_PROMPT_TEMPLATE} prompt builder and core's `ExtractiveAnswerGenerator`.
 */
export interface MigrationPipelineDeps {
  /** The legacy store (Chroma). Needed by the Chroma path, the routed path and dual write. */
  legacyStore?: DocumentStore;
  /** The target store (pgvector). Needed by the pgvector path, the routed path and dual write. */
  targetStore?: DocumentStore;
  /** The hybrid store of the routed path and of indexing. @default built from legacyStore, targetStore and the flags */
  hybridStore?: HybridDocumentStore;
  /** Outbox of a hybrid store built here (see `HybridDocumentStore`). */
  outbox?: string | FileOutbox;
  logger?: MigrationLogger;
  /** `text` → `embedding`. @default new TransformersTextEmbedder() (shipped GloVe, 100-d) */
  textEmbedder?: AnyComponent;
  /** `documents` → `documents` with embeddings. @default new TransformersDocumentEmbedder() (shipped GloVe) */
  documentEmbedder?: AnyComponent;
  /** Embedding retriever (`queryEmbedding` → `documents`) replacing the path's own. */
  embeddingRetriever?: AnyComponent;
  /** Keyword retriever (`query` → `documents`) replacing the pgvector / routed path's own. */
  keywordRetriever?: AnyComponent;
  /** RRF joiner of the pgvector / routed paths. @default DocumentJoiner reciprocal_rank_fusion, weights [0.7, 0.3] */
  joiner?: AnyComponent;
  /**
   * Reranker (`query`, `documents` → `documents`) after the joiner, e.g. a
   * `TransformersSimilarityRanker({ topK: 10 })` with a cross-encoder. `null`/omitted: none, and
   * the joiner keeps the top 10.
   * @default null
   */
  ranker?: AnyComponent | null;
  /** Chroma path score filter. @default DocumentScoreFilter({ minScore: 0.3 }) */
  scoreFilter?: AnyComponent;
  /** Chroma path limiter. @default DocumentLimiter({ topK: 10 }) */
  limiter?: AnyComponent;
  /** `documents`, `query` → `prompt`. @default PromptBuilder with DEFAULT_PROMPT_TEMPLATE */
  promptBuilder?: AnyComponent;
  /**
   * The answer generator: fed `prompt` when it has that input (an LLM generator), and `query` +
   * `documents` when it has those (the extractive answerer). @default new ExtractiveAnswerGenerator()
   */
  generator?: AnyComponent;
  /** Candidates from each retriever of the pgvector / routed paths. @default 20 */
  retrieverTopK?: number;
  /** Candidates from the Chroma retriever. @default 50 */
  chromaTopK?: number;
  /** Documents handed to the prompt. @default 10 */
  topK?: number;
}

/** Which query pipeline the flags call for. */
export type QueryPath = 'pgvector' | 'chroma' | 'routed';

/**
 * `usePgvector` → `pgvector`; a read percentage above 0 or shadow reads → `routed` (the hybrid
 * store's routing retrievers decide per request); otherwise `chroma`.
 */
export function queryPathFor(flags: FeatureFlags): QueryPath {
  if (flags.usePgvector) return 'pgvector';
  if (flags.pgvectorReadPercentage > 0 || flags.enableShadowReads) return 'routed';
  return 'chroma';
}

function need<T>(value: T | undefined, what: string, path: string): T {
  if (value === undefined) throw new InvalidOptionsError('createQueryPipeline', `the ${path} path needs deps.${what}`);
  return value;
}

function hybridFrom(flags: FlagsLike, deps: MigrationPipelineDeps, owner: string): HybridDocumentStore {
  if (deps.hybridStore) return deps.hybridStore;
  if (!deps.legacyStore || !deps.targetStore) {
    throw new InvalidOptionsError(
      owner,
      'routing and dual write need deps.hybridStore, or both deps.legacyStore and deps.targetStore',
    );
  }
  return new HybridDocumentStore({
    legacy: deps.legacyStore,
    target: deps.targetStore,
    flags,
    ...(deps.outbox !== undefined ? { outbox: deps.outbox } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  });
}

/** Adds the prompt builder and generator after `documentsFrom` (a `component.socket` address). */
function addAnswering(pipeline: Pipeline, deps: MigrationPipelineDeps, documentsFrom: string): void {
  const generator = deps.generator ?? new ExtractiveAnswerGenerator();
  pipeline.addComponent('prompt_builder', deps.promptBuilder ?? new PromptBuilder({ template: DEFAULT_PROMPT_TEMPLATE }));
  pipeline.addComponent('generator', generator);
  pipeline.connect(documentsFrom, 'prompt_builder.documents');
  if ('prompt' in generator.inputSockets) pipeline.connect('prompt_builder.prompt', 'generator.prompt');
  if ('documents' in generator.inputSockets) pipeline.connect(documentsFrom, 'generator.documents');
}

/**
 * The query pipeline the flags call for (the plan's `get_querying_pipeline`), as an ordinary core
 * {@link Pipeline} (serialisable, drawable):
 *
 * - **pgvector** (`usePgvector`): text embedder → pgvector embedding retriever + pgvector keyword
 *   retriever (top 20 each) → RRF joiner (weights 0.7 / 0.3) → ranker (top 10, optional) →
 *   prompt builder → generator.
 * - **chroma**: text embedder → Chroma embedding retriever (top 50) → score filter → limiter →
 *   prompt builder → generator.
 * - **routed** (read percentage > 0 or shadow reads): the pgvector shape with the hybrid store's
 *   routing retrievers, which take `routingKey` as a run input. Requests routed to Chroma get its
 *   embedding results only (Chroma has no keyword retrieval: that half returns no documents, see
 *   `keywordFallback`).
 *
 * The path is chosen from the flags now; the routed path follows later percentage changes live
 * (its hybrid store reads the flag source), a `usePgvector` flip needs a rebuilt pipeline.
 * Run it with {@link queryInputs}.
 */
export function createQueryPipeline(flags: FlagsLike, deps: MigrationPipelineDeps = {}): Pipeline {
  const source = toFlagSource(flags);
  const path = queryPathFor(source.current);
  const topK = deps.topK ?? 10;
  const pipeline = new Pipeline({ metadata: { factory: 'migration.createQueryPipeline', path } });
  pipeline.addComponent('text_embedder', deps.textEmbedder ?? new TransformersTextEmbedder());

  if (path === 'chroma') {
    const retriever =
      deps.embeddingRetriever ??
      new ChromaEmbeddingRetriever({
        store: need(deps.legacyStore, 'legacyStore', 'chroma') as ChromaDocumentStore,
        topK: deps.chromaTopK ?? 50,
      });
    pipeline.addComponent('retriever', retriever);
    pipeline.addComponent('score_filter', deps.scoreFilter ?? new DocumentScoreFilter({ minScore: 0.3 }));
    pipeline.addComponent('doc_limiter', deps.limiter ?? new DocumentLimiter({ topK }));
    pipeline.connect('text_embedder.embedding', 'retriever.queryEmbedding');
    pipeline.connect('retriever.documents', 'score_filter.documents');
    pipeline.connect('score_filter.documents', 'doc_limiter.documents');
    addAnswering(pipeline, deps, 'doc_limiter.documents');
    return pipeline;
  }

  const candidates = deps.retrieverTopK ?? 20;
  let embedding: AnyComponent;
  let keyword: AnyComponent;
  if (path === 'pgvector') {
    const store = () => need(deps.targetStore, 'targetStore', 'pgvector') as PgvectorDocumentStore;
    embedding =
      deps.embeddingRetriever ??
      new PgvectorEmbeddingRetriever({ documentStore: store(), topK: candidates, returnEmbedding: false });
    keyword =
      deps.keywordRetriever ?? new PgvectorKeywordRetriever({ documentStore: store(), topK: candidates, returnEmbedding: false });
  } else {
    const hybrid = hybridFrom(source, deps, 'createQueryPipeline');
    embedding =
      deps.embeddingRetriever ?? new HybridEmbeddingRetriever({ store: hybrid, topK: candidates, returnEmbedding: false });
    keyword = deps.keywordRetriever ?? new HybridKeywordRetriever({ store: hybrid, topK: candidates, returnEmbedding: false });
  }
  const ranker = deps.ranker ?? null;
  pipeline.addComponent('embedding_retriever', embedding);
  pipeline.addComponent('keyword_retriever', keyword);
  pipeline.addComponent(
    'joiner',
    deps.joiner ?? new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [0.7, 0.3], ...(ranker ? {} : { topK }) }),
  );
  pipeline.connect('text_embedder.embedding', 'embedding_retriever.queryEmbedding');
  pipeline.connect('embedding_retriever.documents', 'joiner.documents');
  pipeline.connect('keyword_retriever.documents', 'joiner.documents');
  let last = 'joiner.documents';
  if (ranker) {
    pipeline.addComponent('ranker', ranker);
    pipeline.connect('joiner.documents', 'ranker.documents');
    last = 'ranker.documents';
  }
  addAnswering(pipeline, deps, last);
  return pipeline;
}

/**
 * The indexing pipeline: document embedder → {@link DocumentWriter}. With both stores (or a
 * hybrid store) the writer writes through the hybrid store, which applies the write flags live
 * (dual write target-first with the outbox; else target only under `usePgvector`, legacy only
 * otherwise). With one store, the one the flags write to must be given.
 */
export function createIndexingPipeline(flags: FlagsLike, deps: MigrationPipelineDeps = {}): Pipeline {
  const source = toFlagSource(flags);
  const current = source.current;
  let store: DocumentStore;
  if (deps.hybridStore || (deps.legacyStore && deps.targetStore)) store = hybridFrom(source, deps, 'createIndexingPipeline');
  else if (current.enableDualWrite) store = hybridFrom(source, deps, 'createIndexingPipeline');
  else if (current.usePgvector) store = need(deps.targetStore, 'targetStore', 'pgvector indexing');
  else store = need(deps.legacyStore, 'legacyStore', 'chroma indexing');
  return new Pipeline({ metadata: { factory: 'migration.createIndexingPipeline' } })
    .addComponent('document_embedder', deps.documentEmbedder ?? new TransformersDocumentEmbedder())
    .addComponent('writer', new DocumentWriter({ store }))
    .connect('document_embedder.documents', 'writer.documents');
}

/**
 * Run inputs for a query pipeline from this module: the question goes to every open `text` and
 * `query` socket, the routing key to every open `routingKey` socket (routed path only).
 */
export function queryInputs(pipeline: Pipeline, question: string, routingKey?: string): Record<string, Record<string, unknown>> {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [component, sockets] of Object.entries(pipeline.inputs())) {
    const values: Record<string, unknown> = {};
    if ('text' in sockets) values.text = question;
    if ('query' in sockets) values.query = question;
    if (routingKey !== undefined && 'routingKey' in sockets) values.routingKey = routingKey;
    if (Object.keys(values).length > 0) inputs[component] = values;
  }
  return inputs;
}
