import {
  type AnyComponent,
  type DocumentStore,
  ExtractiveAnswerGenerator,
  InvalidOptionsError,
  type Pipeline,
  PromptBuilder,
} from '@synapse-rag/core';
import type { FileOutbox } from './file-outbox.js';
import type { FlagsLike } from './flag-source.js';
import { HybridDocumentStore } from './hybrid-document-store.js';
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

/** The dependency `what`, or a typed error saying which path needs it. */
export function requireDep<T>(value: T | undefined, what: string, path: string, owner = 'createQueryPipeline'): T {
  if (value === undefined) throw new InvalidOptionsError(owner, `the ${path} path needs deps.${what}`);
  return value;
}

/** The injected hybrid store, or one built from both stores and the flags (typed error without them). */
export function hybridStoreFrom(flags: FlagsLike, deps: MigrationPipelineDeps, owner: string): HybridDocumentStore {
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

export /** Adds the prompt builder and generator after `documentsFrom` (a `component.socket` address). */
function addAnswering(pipeline: Pipeline, deps: MigrationPipelineDeps, documentsFrom: string): void {
  const generator = deps.generator ?? new ExtractiveAnswerGenerator();
  pipeline.addComponent('prompt_builder', deps.promptBuilder ?? new PromptBuilder({ template: DEFAULT_PROMPT_TEMPLATE }));
  pipeline.addComponent('generator', generator);
  pipeline.connect(documentsFrom, 'prompt_builder.documents');
  if ('prompt' in generator.inputSockets) pipeline.connect('prompt_builder.prompt', 'generator.prompt');
  if ('documents' in generator.inputSockets) pipeline.connect(documentsFrom, 'generator.documents');
}
