import type { InputSockets, OutputSockets } from '@synapse-rag/core';
import { z } from 'zod';
import { ConnectionOptionsShape, ModelOptionsSchema } from './connection-options.js';
import { OllamaComponent, type OllamaComponentOptions } from './ollama-component.js';
import { type EmbedRequestOptions, embedTexts } from './ollama-embed.js';

/** Options the text and document embedders share (spread into both schemas). */
export const embedderOptionFields = {
  ...ConnectionOptionsShape,
  /** Ollama embedding model (must be pulled on the server). @default "mxbai-embed-large" (1024 dimensions) */
  model: z.string().min(1).default('mxbai-embed-large'),
  /** Text put before each input, e.g. `"search_query: "` / `"search_document: "` for nomic-embed-text. @default "" */
  prefix: z.string().default(''),
  /** Text put after each input. @default "" */
  suffix: z.string().default(''),
  /** Let the server cut inputs longer than the model's context (else it answers 400). @default true */
  truncate: z.boolean().default(true),
  /** Ask the server for shorter vectors (only models trained for it, e.g. Matryoshka ones). @default the model's size */
  dimensions: z.number().int().positive().optional(),
  /** Model parameters sent as `options` (e.g. `{ numCtx: 8192 }`). @default none */
  modelOptions: ModelOptionsSchema.optional(),
};

/** The parsed options {@link OllamaEmbedder} reads: the connection and the `/api/embed` request parameters. */
export type OllamaEmbedderOptions = OllamaComponentOptions & EmbedRequestOptions;

/** What the Ollama text and document embedders share: one `/api/embed` call with their settings. */
export abstract class OllamaEmbedder<
  Opts extends OllamaEmbedderOptions,
  I extends InputSockets,
  O extends OutputSockets,
> extends OllamaComponent<Opts, I, O> {
  /** Embeds `texts` in one request (retrying transient failures), in order. */
  protected embed(texts: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    return embedTexts(this.connection(), texts, this.options, signal);
  }
}
