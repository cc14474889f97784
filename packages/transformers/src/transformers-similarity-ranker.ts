import type { Document, RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import {
  BaseComponent,
  defaultRegistry,
  documentText,
  InvalidOptionsError,
  inputSockets,
  outputSockets,
  PipelineAbortedError,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { fitPair, pairSpecialTokens } from './fit-to-model.js';
import { type CrossEncoder, loadCrossEncoder, ModelHandle } from './model-cache.js';
import { modelOptionFields } from './model-options.js';

/** Default cross-encoder (must be available locally as an ONNX export; see the README). */
export const DEFAULT_RERANKER_MODEL = 'BAAI/bge-reranker-base';

/** Options of {@link TransformersSimilarityRanker}. */
export const TransformersSimilarityRankerOptionsSchema = z.object({
  /**
   * Cross-encoder model id or folder: a sequence-classification model with one output logit per
   * (query, passage) pair, e.g. `BAAI/bge-reranker-base`, `cross-encoder/ms-marco-MiniLM-L-6-v2`.
   * @default 'BAAI/bge-reranker-base'
   */
  model: z.string().min(1).default(DEFAULT_RERANKER_MODEL),
  /** Maximum number of documents returned (a run input `topK` overrides it). @default 10 */
  topK: z.number().int().positive().default(10),
  /** Drop documents scoring below this (after scaling). A run input overrides it. */
  scoreThreshold: z.number().optional(),
  /** Map logits to (0, 1) with `sigmoid(logit × calibrationFactor)`. @default true */
  scaleScore: z.boolean().default(true),
  /** Multiplies logits before the sigmoid (only with `scaleScore`). @default 1 */
  calibrationFactor: z.number().positive().default(1),
  /** Meta fields whose values are scored together with the content (before it). @default [] */
  metaFieldsToEmbed: z.array(z.string()).default([]),
  /** Joins meta values and content. @default '\n' */
  embeddingSeparator: z.string().default('\n'),
  /** Text prepended to the query. @default '' */
  queryPrefix: z.string().default(''),
  /** Text prepended to every document text. @default '' */
  documentPrefix: z.string().default(''),
  /** (query, document) pairs per model call. @default 16 */
  batchSize: z.number().int().positive().default(16),
  ...modelOptionFields,
});
export type TransformersSimilarityRankerOptions = z.input<typeof TransformersSimilarityRankerOptionsSchema>;
type Parsed = z.output<typeof TransformersSimilarityRankerOptionsSchema>;

const RANKER_INPUTS = inputSockets({
  query: { schema: SocketSchemas.text, description: 'The query the documents are ranked for.' },
  documents: { schema: SocketSchemas.documents, description: 'Documents to rerank.' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the `topK` option.' },
  scoreThreshold: { schema: z.number(), optional: true, description: 'Overrides the `scoreThreshold` option.' },
});
const RANKER_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Copies of the documents with `score`, best first.' },
});

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Reranks documents with a cross-encoder, like Haystack's `TransformersSimilarityRanker`: every
 * (query, document) pair is tokenized as one sequence pair (`[CLS] query [SEP] document [SEP]`,
 * with segment ids; pairs longer than the model's maximum are shortened longest-first, see
 * {@link fitPair}) and scored by `AutoModelForSequenceClassification`; documents come back as
 * copies with `score` set, sorted by score (highest first), filtered by `scoreThreshold`, cut
 * to `topK`.
 */
export class TransformersSimilarityRanker extends BaseComponent<Parsed, typeof RANKER_INPUTS, typeof RANKER_OUTPUTS> {
  static readonly type = 'transformers.TransformersSimilarityRanker';
  readonly inputSockets = RANKER_INPUTS;
  readonly outputSockets = RANKER_OUTPUTS;

  constructor(options: TransformersSimilarityRankerOptions = {}) {
    super(TransformersSimilarityRankerOptionsSchema, options, 'TransformersSimilarityRanker');
  }

  /** Loads the model (shared with other rankers using the same model). Idempotent. */
  async warmUp(): Promise<void> {
    await this.load();
  }

  private readonly handle = new ModelHandle(() => loadCrossEncoder(this.options));

  private load(): Promise<CrossEncoder> {
    return this.handle.get();
  }

  /** Raw or scaled scores of `documents` for `query`, in input order. */
  async score(query: string, documents: readonly Document[], signal?: AbortSignal): Promise<number[]> {
    if (documents.length === 0) return [];
    const o = this.options;
    const { tokenizer, model } = await this.load();
    const specials = pairSpecialTokens(tokenizer);
    const fullQuery = o.queryPrefix + query;
    const scores: number[] = [];
    for (let start = 0; start < documents.length; start += o.batchSize) {
      if (signal?.aborted) throw new PipelineAbortedError(signal.reason);
      const batch = documents.slice(start, start + o.batchSize);
      const pairs = batch.map((d) =>
        fitPair(
          tokenizer,
          fullQuery,
          documentText(d, { metaFieldsToEmbed: o.metaFieldsToEmbed, separator: o.embeddingSeparator, prefix: o.documentPrefix }),
          specials,
        ),
      );
      const queries = pairs.map((p) => p[0]);
      const passages = pairs.map((p) => p[1]);
      const features = tokenizer(queries, { text_pair: passages, padding: true, truncation: true });
      const { logits } = (await model(features)) as { logits?: { dims: number[]; data: unknown } };
      if (!logits) {
        throw new InvalidOptionsError(
          'TransformersSimilarityRanker',
          `model "${o.model}" has no "logits" output: it is not a sequence-classification (cross-encoder) model.`,
        );
      }
      const dims = logits.dims;
      if (dims.length !== 2 || dims[0] !== batch.length || dims[1] !== 1) {
        throw new InvalidOptionsError(
          'TransformersSimilarityRanker',
          `model "${o.model}" returned logits of shape [${dims.join(', ')}]; a cross-encoder reranker needs one logit per pair ([${batch.length}, 1]).`,
        );
      }
      const data = logits.data as Float32Array;
      for (const logit of data) scores.push(o.scaleScore ? sigmoid(logit * o.calibrationFactor) : logit);
    }
    return scores;
  }

  async run(inputs: RunInputs<typeof RANKER_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof RANKER_OUTPUTS>> {
    const topK = inputs.topK ?? this.options.topK;
    const threshold = inputs.scoreThreshold ?? this.options.scoreThreshold;
    if (inputs.documents.length === 0) return { documents: [] };
    const scores = await this.score(inputs.query, inputs.documents, ctx?.signal);
    const ranked = inputs.documents
      .map((doc, i) => ({ doc, score: scores[i]!, i }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .filter((r) => threshold === undefined || r.score >= threshold)
      .slice(0, topK)
      .map(({ doc, score }) => ({ ...doc, meta: { ...doc.meta }, score }));
    return { documents: ranked };
  }
}

defaultRegistry.register(TransformersSimilarityRanker);
