/**
 * @synapse-rag/ollama — Ollama embedders and generators on `@langchain/ollama`, with retries
 * (exponential backoff + jitter), timeouts, abort and typed errors.
 */
export * from './chat-message.js';
export { type ModelOptions, ModelOptionsSchema } from './connection-options.js';
export * from './errors.js';
export * from './generation-meta.js';
export * from './ollama-chat-generator.js';
export * from './ollama-document-embedder.js';
export * from './ollama-generator.js';
export * from './ollama-host.js';
export * from './ollama-text-embedder.js';
export * from './retry.js';
