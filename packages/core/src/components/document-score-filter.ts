import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { InvalidOptionsError } from '../errors.js';
import { copyDocument, hasScore } from './copy-document.js';

export const DocumentScoreFilterOptionsSchema = z
  .strictObject({
    /**
     * Keep documents whose score is at least this (inclusive). Scores are "higher is better",
     * so for cosine similarity `0.7` keeps documents within cosine distance 0.3. A `minScore`
     * run input overrides it.
     */
    minScore: z.number(),
    /**
     * Also drop documents scoring above this (inclusive upper bound), e.g. to remove
     * near-exact duplicates of the query.
     * @default undefined (no upper bound)
     */
    maxScore: z.number().optional(),
    /**
     * Keep documents that carry no score (they are dropped by default, since they cannot be
     * shown to pass the threshold).
     * @default false
     */
    keepUnscored: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.maxScore !== undefined && o.maxScore < o.minScore) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxScore'],
        message: `maxScore (${o.maxScore}) is below minScore (${o.minScore}); nothing could pass`,
      });
    }
  });

/** Options accepted by the {@link DocumentScoreFilter} constructor. */
export type DocumentScoreFilterOptions = z.input<typeof DocumentScoreFilterOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentScoreFilterOptionsSchema>;

const SCORE_FILTER_INPUTS = inputSockets({
  documents: { schema: SocketSchemas.documents },
  minScore: { schema: z.number(), optional: true, description: 'Overrides the minScore option for this run.' },
});
const SCORE_FILTER_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Documents that passed, in input order (copies).' },
});

/** Run inputs of {@link DocumentScoreFilter}. */
export type DocumentScoreFilterInputs = RunInputs<typeof SCORE_FILTER_INPUTS>;

/**
 * Drops documents whose score is below `minScore` (or above `maxScore`), keeping the input
 * order — the score-threshold step of the legacy Chroma pipeline's post-processing. Documents
 * without a (finite) score are dropped unless `keepUnscored` is set. Returns copies.
 *
 * @example
 * ```ts
 * const filter = new DocumentScoreFilter({ minScore: 0.5 });
 * const { documents } = await filter.run({ documents: retrieved });
 * ```
 */
export class DocumentScoreFilter extends BaseComponent<ParsedOptions, typeof SCORE_FILTER_INPUTS, typeof SCORE_FILTER_OUTPUTS> {
  static readonly type = 'core.DocumentScoreFilter';
  readonly inputSockets = SCORE_FILTER_INPUTS;
  readonly outputSockets = SCORE_FILTER_OUTPUTS;

  constructor(options: DocumentScoreFilterOptions) {
    super(DocumentScoreFilterOptionsSchema, options, 'DocumentScoreFilter');
  }

  async run(inputs: DocumentScoreFilterInputs, _ctx?: RunContext): Promise<RunOutputs<typeof SCORE_FILTER_OUTPUTS>> {
    const { maxScore, keepUnscored } = this.options;
    const minScore = inputs.minScore ?? this.options.minScore;
    if (typeof minScore !== 'number' || Number.isNaN(minScore)) {
      throw new InvalidOptionsError('DocumentScoreFilter run input', `minScore must be a number, got ${String(minScore)}`);
    }
    if (maxScore !== undefined && minScore > maxScore) {
      throw new InvalidOptionsError(
        'DocumentScoreFilter run input',
        `minScore (${minScore}) is above the configured maxScore (${maxScore}); nothing could pass`,
      );
    }
    const documents = inputs.documents
      .filter((d) => (hasScore(d) ? d.score >= minScore && (maxScore === undefined || d.score <= maxScore) : keepUnscored))
      .map((d) => copyDocument(d));
    return { documents };
  }
}

defaultRegistry.register(DocumentScoreFilter);
