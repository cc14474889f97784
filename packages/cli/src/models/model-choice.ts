import { type AnyComponent, ExtractiveAnswerGenerator } from '@synapse-rag/core';
import { OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder } from '@synapse-rag/ollama';
import { DEFAULT_EMBEDDING_MODEL, TransformersDocumentEmbedder, TransformersTextEmbedder } from '@synapse-rag/transformers';
import { hasModel, type OllamaProbe } from './ollama-probe.js';

/** The Ollama embedding model of the production configuration. */
export const OLLAMA_EMBEDDING_MODEL = 'mxbai-embed-large';
/** The Ollama generator model used when none is named (`SYNAPSE_OLLAMA_MODEL`). */
export const DEFAULT_OLLAMA_GENERATOR = 'llama3.2';

/** Embedding sizes of well-known Ollama embedding models (others are measured with one call). */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'mxbai-embed-large': 1024,
  'nomic-embed-text': 768,
  'all-minilm': 384,
};

/** Which embedder an index uses (recorded in its ledger so `ask` embeds questions the same way). */
export type EmbedderSpec =
  | { provider: 'transformers'; model: string; dimension: number }
  | { provider: 'ollama'; model: string; dimension: number; url: string };

/** The shipped GloVe embedder (100-d, offline). */
export const GLOVE_EMBEDDER: EmbedderSpec = { provider: 'transformers', model: DEFAULT_EMBEDDING_MODEL, dimension: 100 };

/** How to get the production configuration, printed with the offline fallback notice. */
export const SWITCH_HINT = `start Ollama (OLLAMA_HOST), \`ollama pull ${OLLAMA_EMBEDDING_MODEL}\` and \`ollama pull ${DEFAULT_OLLAMA_GENERATOR}\`, then index into a new --table`;

/**
 * The embedder for a new index: Ollama's mxbai-embed-large when the server answers and has it,
 * else the shipped GloVe embedder with a one-line notice saying how to switch.
 */
export async function chooseEmbedder(probe: OllamaProbe): Promise<{ spec: EmbedderSpec; notice?: string }> {
  if (probe.reachable && hasModel(probe, OLLAMA_EMBEDDING_MODEL)) {
    const model = OLLAMA_EMBEDDING_MODEL;
    let dimension = KNOWN_DIMENSIONS[model];
    if (dimension === undefined) {
      const { embedding } = await new OllamaTextEmbedder({ url: probe.url, model }).run({ text: 'dimension' });
      dimension = embedding.length;
    }
    return { spec: { provider: 'ollama', model, dimension, url: probe.url } };
  }
  const why = probe.reachable ? `Ollama at ${probe.url} has no ${OLLAMA_EMBEDDING_MODEL}` : `no Ollama at ${probe.url}`;
  return {
    spec: GLOVE_EMBEDDER,
    notice: `Offline mode (${why}): the shipped GloVe embedder and the extractive answerer. To switch: ${SWITCH_HINT}.`,
  };
}

/** The text (question) embedder of `spec`. */
export function textEmbedderFor(spec: EmbedderSpec): AnyComponent {
  return spec.provider === 'ollama'
    ? new OllamaTextEmbedder({ url: spec.url, model: spec.model })
    : new TransformersTextEmbedder({ model: spec.model });
}

/** The document embedder of `spec`. */
export function documentEmbedderFor(spec: EmbedderSpec): AnyComponent {
  return spec.provider === 'ollama'
    ? new OllamaDocumentEmbedder({ url: spec.url, model: spec.model })
    : new TransformersDocumentEmbedder({ model: spec.model });
}

/** The answer generator `ask` uses and what it is. */
export interface GeneratorChoice {
  generator: AnyComponent;
  /** `extractive`, or `ollama:<model>`. */
  name: string;
  notice?: string;
}

/**
 * An Ollama generator (`model`, default `SYNAPSE_OLLAMA_MODEL` or llama3.2) when the server has
 * it, else the extractive answerer (quotes the documents, no LLM) with a notice.
 */
export function chooseGenerator(
  probe: OllamaProbe,
  model: string = process.env.SYNAPSE_OLLAMA_MODEL || DEFAULT_OLLAMA_GENERATOR,
): GeneratorChoice {
  if (probe.reachable && hasModel(probe, model)) {
    return { generator: new OllamaGenerator({ url: probe.url, model }), name: `ollama:${model}` };
  }
  const why = probe.reachable ? `Ollama at ${probe.url} has no ${model}` : `no Ollama at ${probe.url}`;
  return {
    generator: new ExtractiveAnswerGenerator({ maxSentences: 2 }),
    name: 'extractive',
    notice: `Extractive answers (${why}): quoted from the documents, no LLM. To switch: start Ollama and \`ollama pull ${model}\`.`,
  };
}
