import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { checkTopK } from '../store/retrieval-options.js';
import { copyDocument, hasScore } from './copy-document.js';
import { DEFAULT_RRF_K, normalizedWeights, reciprocalRankFusion } from './reciprocal-rank-fusion.js';

/** How {@link DocumentJoiner} combines its input lists. See the class TSDoc for the exact formulas. */
export const JOIN_MODES = ['concatenate', 'merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion'] as const;
export type JoinMode = (typeof JOIN_MODES)[number];

/** Modes that combine lists with weights. */
const WEIGHTED_MODES: readonly JoinMode[] = ['merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion'];

export const DocumentJoinerOptionsSchema = z
  .strictObject({
    /**
     * How lists are combined: `concatenate` (dedupe by id, keep the best-scored copy),
     * `merge` (weighted sum of scores), `reciprocal_rank_fusion` (weighted RRF, normalized to
     * [0, 1]) or `distribution_based_rank_fusion` (weighted sum of μ±3σ-normalized scores).
     * @default "concatenate"
     */
    joinMode: z.enum(JOIN_MODES).default('concatenate'),
    /**
     * One positive weight per input list, in connection order (fusion modes only). Weights are
     * normalized to sum to 1. When omitted every list weighs the same. At run time the number
     * of weights must equal the number of lists received.
     * @default undefined (equal weights)
     */
    weights: z.array(z.number().positive()).min(1).optional(),
    /**
     * The `k` of reciprocal rank fusion: each list contributes `weight / (k + rank)`. Larger `k`
     * flattens the difference between top and lower ranks. Only used by `reciprocal_rank_fusion`.
     * @default 60
     */
    rrfK: z.number().nonnegative().default(DEFAULT_RRF_K),
    /**
     * Keep at most this many documents (after sorting). A `topK` run input overrides it.
     * @default undefined (keep all)
     */
    topK: z.number().int().positive().optional(),
    /**
     * Sort the output by score, best first (unscored documents last). When `false` documents
     * keep the order in which their id first appeared (list by list, in connection order).
     * @default true
     */
    sortByScore: z.boolean().default(true),
  })
  .superRefine((o, ctx) => {
    if (o.weights !== undefined && !WEIGHTED_MODES.includes(o.joinMode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: `weights are not used by joinMode "${o.joinMode}"; use one of ${WEIGHTED_MODES.join(', ')} or remove weights`,
      });
    }
  });

/** Options accepted by the {@link DocumentJoiner} constructor. */
export type DocumentJoinerOptions = z.input<typeof DocumentJoinerOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentJoinerOptionsSchema>;

const JOINER_INPUTS = inputSockets({
  documents: {
    schema: SocketSchemas.documents,
    variadic: true,
    description: 'One document list per sender (fan-in), in connection order.',
  },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option.' },
});
const JOINER_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'The joined documents (copies).' },
});

/** Run inputs of {@link DocumentJoiner}: one document list per sender, in connection order; `topK`. */
export type DocumentJoinerInputs = RunInputs<typeof JOINER_INPUTS>;

/** Per-id state while joining. */
interface Entry {
  /** Index of the id's first appearance across all lists (list by list). Ties sort by it. */
  order: number;
  /** The copy whose content/meta/embedding is returned. */
  doc: Document;
  /** Accumulated fused score (weighted modes). */
  score: number;
}

/**
 * Joins several document lists into one — typically the outputs of a keyword and an embedding
 * retriever (hybrid search). The `documents` input is a fan-in socket: connect any number of
 * senders; `run` receives one list per sender in connection order.
 *
 * Modes (`w_i` are the weights normalized to sum 1; a document absent from list `i`
 * contributes 0 for that list; an id repeated inside one list counts once per list: its best
 * score for `merge`/DBSF, its first position for RRF):
 * - `concatenate`: one document per id, the copy with the highest score; documents without a
 *   score rank below scored ones. Scores are left as they are.
 * - `merge`: `score = Σ w_i · s_i`, where `s_i` is the id's (highest) score in list `i`;
 *   documents without a score count as 0.
 * - `reciprocal_rank_fusion`: `score = Σ w_i / (k + rank_i) / Σ w_i / (k + 1)`, `rank_i` the
 *   1-based position in list `i` as received (retrievers return best first), `k = rrfK` (60).
 *   So scores lie in (0, 1] and a document ranked first in every list scores exactly 1.0.
 *   Input scores are ignored.
 * - `distribution_based_rank_fusion`: per list, scores are mapped with
 *   `(s − (μ − 3σ)) / 6σ` (μ, σ: mean and population standard deviation of the list's scores),
 *   clamped to [0, 1], then `score = Σ w_i · normalized_i`. A list whose scores are all equal
 *   (σ = 0, e.g. a single document) maps them to 0.5, the value the mean gets in any list.
 *   Documents without a score are left out of μ and σ and count as 0.
 *
 * Which copy of a duplicated document is returned: in `concatenate` the highest-scored copy
 * (ties: the first one seen); in the other modes the first copy seen (first list in connection
 * order, then position), carrying the fused score. Output ties are broken by first appearance,
 * so the result is deterministic. Returned documents are copies; inputs are never mutated.
 *
 * @example
 * ```ts
 * const joiner = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', topK: 5 });
 * const { documents } = await joiner.run({ documents: [bm25Docs, embeddingDocs] });
 * ```
 */
export class DocumentJoiner extends BaseComponent<ParsedOptions, typeof JOINER_INPUTS, typeof JOINER_OUTPUTS> {
  static readonly type = 'core.DocumentJoiner';
  readonly inputSockets = JOINER_INPUTS;
  readonly outputSockets = JOINER_OUTPUTS;

  constructor(options: DocumentJoinerOptions = {}) {
    super(DocumentJoinerOptionsSchema, options, 'DocumentJoiner');
  }

  async run(inputs: DocumentJoinerInputs, _ctx?: RunContext): Promise<RunOutputs<typeof JOINER_OUTPUTS>> {
    const lists = inputs.documents;
    if (!Array.isArray(lists) || !lists.every(Array.isArray)) {
      throw new InvalidOptionsError(
        'DocumentJoiner run input',
        'documents must be an array of document lists (one list per sender), e.g. { documents: [listA, listB] }',
      );
    }
    const requested = inputs.topK ?? this.options.topK;
    const topK = requested === undefined ? undefined : checkTopK(requested, 'DocumentJoiner run input');
    if (lists.length === 0) return { documents: [] };
    const { joinMode, weights, rrfK, sortByScore } = this.options;
    if (joinMode === 'reciprocal_rank_fusion') {
      this.checkWeightCount(lists.length);
      return { documents: reciprocalRankFusion(lists, { weights, k: rrfK, topK, sortByScore }) };
    }

    const entries = joinMode === 'concatenate' ? concatenate(lists) : this.fuse(lists);
    const result = [...entries];
    if (sortByScore) result.sort(compareEntries);
    const kept = topK === undefined ? result : result.slice(0, topK);
    return { documents: kept.map((e) => e.doc) };
  }

  /** Normalized weights, one per list. */
  private weightsFor(listCount: number): number[] {
    this.checkWeightCount(listCount);
    return normalizedWeights(this.options.weights, listCount);
  }

  private checkWeightCount(listCount: number): void {
    const raw = this.options.weights;
    if (raw !== undefined && raw.length !== listCount) {
      throw new InvalidOptionsError(
        'DocumentJoiner',
        `weights has ${raw.length} entr${raw.length === 1 ? 'y' : 'ies'} but ${listCount} document list(s) were received; give one weight per connected sender, in connection order`,
      );
    }
  }

  /** `merge` and DBSF. */
  private fuse(lists: readonly Document[][]): Entry[] {
    const weights = this.weightsFor(lists.length);
    const entries = new Map<string, Entry>();
    const { joinMode } = this.options;
    lists.forEach((list, i) => {
      const w = weights[i]!;
      const contributions = listContributions(list, joinMode);
      for (const [id, { doc, value }] of contributions) {
        let entry = entries.get(id);
        if (entry === undefined) {
          entry = { order: entries.size, doc, score: 0 };
          entries.set(id, entry);
        }
        entry.score += w * value;
      }
    });
    return [...entries.values()].map((e) => ({ order: e.order, score: e.score, doc: copyDocument(e.doc, { score: e.score }) }));
  }
}

/** What one list contributes per id (before weighting), keyed by id in list order (`merge`, DBSF). */
function listContributions(list: readonly Document[], mode: JoinMode): Map<string, { doc: Document; value: number }> {
  const out = new Map<string, { doc: Document; value: number }>();
  // merge and DBSF start from each id's best score in the list (unscored: none).
  const best = new Map<string, { doc: Document; score: number | undefined }>();
  for (const doc of list) {
    const prev = best.get(doc.id);
    const s = hasScore(doc) ? doc.score : undefined;
    if (prev === undefined) best.set(doc.id, { doc, score: s });
    else if (s !== undefined && (prev.score === undefined || s > prev.score)) prev.score = s;
  }
  if (mode === 'merge') {
    for (const [id, { doc, score }] of best) out.set(id, { doc, value: score ?? 0 });
    return out;
  }
  const normalize = dbsfNormalizer([...best.values()].flatMap((b) => (b.score === undefined ? [] : [b.score])));
  for (const [id, { doc, score }] of best) out.set(id, { doc, value: score === undefined ? 0 : normalize(score) });
  return out;
}

/**
 * Maps a list's scores onto [0, 1] with the μ ± 3σ limits of distribution-based score fusion.
 * Equal scores (σ ≈ 0, including a single score) map to 0.5.
 */
export function dbsfNormalizer(scores: readonly number[]): (score: number) => number {
  if (scores.length === 0) return () => 0;
  let mean = 0;
  for (const s of scores) mean += s;
  mean /= scores.length;
  let variance = 0;
  for (const s of scores) variance += (s - mean) ** 2;
  const sigma = Math.sqrt(variance / scores.length);
  // Rounding makes equal scores show a tiny non-zero σ; treat that as σ = 0.
  if (!(sigma > 1e-12 * Math.max(1, Math.abs(mean)))) return () => 0.5;
  const lo = mean - 3 * sigma;
  const span = 6 * sigma;
  return (s) => Math.min(1, Math.max(0, (s - lo) / span));
}

/** Concatenate mode: one entry per id, the best-scored copy (first seen on ties). */
function concatenate(lists: readonly Document[][]): Entry[] {
  const entries = new Map<string, Entry>();
  for (const list of lists) {
    for (const doc of list) {
      const entry = entries.get(doc.id);
      if (entry === undefined) {
        entries.set(doc.id, { order: entries.size, doc, score: 0 });
      } else if (hasScore(doc) && (!hasScore(entry.doc) || doc.score > entry.doc.score)) {
        entry.doc = doc;
      }
    }
  }
  return [...entries.values()].map((e) => ({ ...e, doc: copyDocument(e.doc) }));
}

/** Best score first; unscored after scored; ties by first appearance. */
function compareEntries(a: Entry, b: Entry): number {
  const sa = hasScore(a.doc) ? a.doc.score : undefined;
  const sb = hasScore(b.doc) ? b.doc.score : undefined;
  if (sa !== undefined && sb !== undefined && sa !== sb) return sb - sa;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  return a.order - b.order;
}

defaultRegistry.register(DocumentJoiner);
