import { type ChromaDocumentStore, ChromaEmbeddingRetriever } from '@synapse-rag/chroma';
import { type AnyComponent, DocumentJoiner, DocumentLimiter, DocumentScoreFilter, Pipeline } from '@synapse-rag/core';
import { type PgvectorDocumentStore, PgvectorEmbeddingRetriever, PgvectorKeywordRetriever } from '@synapse-rag/pgvector';
import { TransformersTextEmbedder } from '@synapse-rag/transformers';
import { type FlagsLike, toFlagSource } from './flag-source.js';
import { HybridEmbeddingRetriever, HybridKeywordRetriever } from './hybrid-retrievers.js';
import { addAnswering, hybridStoreFrom, type MigrationPipelineDeps, requireDep } from './pipeline-deps.js';
import { queryPathFor } from './query-path.js';

/**
 * The query pipeline the flags call for (the plan's `get_querying_pipeline`), as an ordinary core
 * {@link Pipeline} (serializable, drawable):
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
 * Run it with `queryInputs`.
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
        store: requireDep(deps.legacyStore, 'legacyStore', 'chroma') as ChromaDocumentStore,
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
    const store = () => requireDep(deps.targetStore, 'targetStore', 'pgvector') as PgvectorDocumentStore;
    embedding =
      deps.embeddingRetriever ??
      new PgvectorEmbeddingRetriever({ documentStore: store(), topK: candidates, returnEmbedding: false });
    keyword =
      deps.keywordRetriever ?? new PgvectorKeywordRetriever({ documentStore: store(), topK: candidates, returnEmbedding: false });
  } else {
    const hybrid = hybridStoreFrom(source, deps, 'createQueryPipeline');
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
