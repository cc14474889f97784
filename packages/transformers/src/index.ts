/**
 * @synapse-rag/transformers — local transformers.js (ONNX) embedders and a cross-encoder
 * reranker, plus offline models shipped in the package.
 */

export { embedTexts, normalizeInPlace, type Pooling, poolTokens } from './embed-texts.js';
export { fitPair, fitText, pairSpecialTokens, singleSpecialTokens } from './fit-to-model.js';
export { type CrossEncoder, loadCrossEncoder, loadedModelCount, loadFeatureExtractor, releaseModels } from './model-cache.js';
export {
  expectedModelFiles,
  isPathLike,
  MODEL_DTYPES,
  type ModelDtype,
  type ModelLocationOptions,
  modelLocationFromEnv,
  type ResolvedModel,
  resolveModel,
} from './model-location.js';
export { effectiveDtype, type ModelOptions, modelOptionFields } from './model-options.js';
export { DEFAULT_EMBEDDING_MODEL, SHIPPED_MODELS, shippedModelPath, shippedModelsDir } from './shipped-models.js';
export {
  TransformersDocumentEmbedder,
  type TransformersDocumentEmbedderOptions,
  TransformersDocumentEmbedderOptionsSchema,
} from './transformers-document-embedder.js';
export {
  DEFAULT_RERANKER_MODEL,
  TransformersSimilarityRanker,
  type TransformersSimilarityRankerOptions,
  TransformersSimilarityRankerOptionsSchema,
} from './transformers-similarity-ranker.js';
export {
  TransformersTextEmbedder,
  type TransformersTextEmbedderOptions,
  TransformersTextEmbedderOptionsSchema,
} from './transformers-text-embedder.js';
