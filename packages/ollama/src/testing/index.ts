/**
 * @synapse-rag/ollama/testing — an in-process fake Ollama server for offline tests of code
 * that uses the Ollama components (or any Ollama client).
 */
export * from './fake-embedding.js';
export * from './fake-ollama-server.js';
