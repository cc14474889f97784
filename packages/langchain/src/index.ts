/**
 * @synapse-rag/langchain — LangChain interop: LangChain embeddings, retrievers and chat models
 * as Synapse components, and Synapse retrievers/pipelines as LangChain retrievers.
 */
export {
  ChatGeneratorOptionsSchema,
  type GenerationOptions,
  GenerationOptionsSchema,
  type LangChainStreamingCallback,
  type LangChainStreamingChunk,
} from './chat-generator-options.js';
export * from './chat-message-mapping.js';
export * from './document-mapping.js';
export * from './errors.js';
export * from './langchain-chat-generator.js';
export * from './langchain-document-embedder.js';
export * from './langchain-generator.js';
export * from './langchain-object-registry.js';
export * from './langchain-retriever-component.js';
export * from './langchain-text-embedder.js';
export * from './synapse-retriever.js';
