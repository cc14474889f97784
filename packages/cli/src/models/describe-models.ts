import type { EmbedderSpec } from './model-choice.js';

/** `ollama:mxbai-embed-large (1024-d)` / `transformers:synapse/glove-wiki-100d-20k (100-d)`. */
export function describeEmbedder(spec: EmbedderSpec): string {
  return `${spec.provider}:${spec.model} (${spec.dimension}-d)`;
}
