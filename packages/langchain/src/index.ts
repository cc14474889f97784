/**
 * @synapse-rag/langchain — LangChain interop: LangChain embeddings and retrievers as Synapse
 * components, and Synapse retrievers/pipelines as LangChain retrievers.
 */
export * from './document-mapping.js';
export * from './errors.js';
export * from './langchain-document-embedder.js';
export * from './langchain-object-registry.js';
export * from './langchain-retriever-component.js';
export * from './langchain-text-embedder.js';
export * from './synapse-retriever.js';
