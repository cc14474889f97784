import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import type { Document } from '../document.js';
import { checkTopK } from '../store/retrieval-options.js';
import { copyDocument, copyMeta } from './copy-document.js';
import { estimateTokens, TOKEN_COUNTERS, truncateToChars, truncateToTokens } from './token-counter.js';

export const DocumentLimiterOptionsSchema = z.strictObject({
  /**
   * Keep at most this many documents. A `topK` run input overrides it.
   * @default 10
   */
  topK: z.number().int().positive().default(10),
  /**
   * Budget for the total length of the kept documents' `content` (UTF-16 code units, i.e.
   * JavaScript `string.length`).
   * @default undefined (no character budget)
   */
  maxCharacters: z.number().int().positive().optional(),
  /**
   * Budget for the total estimated tokens of the kept documents' `content`, estimated with
   * `tokenCounter`.
   * @default undefined (no token budget)
   */
  maxTokens: z.number().int().positive().optional(),
  /**
   * How tokens are estimated for `maxTokens`: `chars/4` (`ceil(length / 4)`, the usual rule of
   * thumb for English with BPE tokenizers) or `whitespace` (whitespace-separated words).
   * @default "chars/4"
   */
  tokenCounter: z.enum(TOKEN_COUNTERS).default('chars/4'),
  /**
   * What happens to the first document that would overflow a budget: `false` drops it (and
   * stops, so the output stays a prefix of the input); `true` cuts its content to fit (at a
   * word boundary when possible) and marks it with `meta._truncated = true`.
   * @default false
   */
  truncateLast: z.boolean().default(false),
});

/** Options accepted by the {@link DocumentLimiter} constructor. */
export type DocumentLimiterOptions = z.input<typeof DocumentLimiterOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentLimiterOptionsSchema>;

const LIMITER_INPUTS = inputSockets({
  documents: { schema: SocketSchemas.documents },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option for this run.' },
});
const LIMITER_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'A prefix of the input within the budgets (copies).' },
});

/** Run inputs of {@link DocumentLimiter}. */
export type DocumentLimiterInputs = RunInputs<typeof LIMITER_INPUTS>;

/**
 * Keeps the first documents of its input (which is expected to be sorted best first) within a
 * count (`topK`) and optional content budgets (`maxCharacters`, `maxTokens`), so a prompt stays
 * within the model's context window. The output is always a prefix of the input, in input order:
 * documents are taken in order until one would overflow a budget; that one is dropped or, with
 * `truncateLast`, cut to fit. Returns copies.
 *
 * @example
 * ```ts
 * const limiter = new DocumentLimiter({ topK: 5, maxTokens: 2000, truncateLast: true });
 * const { documents } = await limiter.run({ documents: ranked });
 * ```
 */
export class DocumentLimiter extends BaseComponent<ParsedOptions, typeof LIMITER_INPUTS, typeof LIMITER_OUTPUTS> {
  static readonly type = 'core.DocumentLimiter';
  readonly inputSockets = LIMITER_INPUTS;
  readonly outputSockets = LIMITER_OUTPUTS;

  constructor(options: DocumentLimiterOptions = {}) {
    super(DocumentLimiterOptionsSchema, options, 'DocumentLimiter');
  }

  async run(inputs: DocumentLimiterInputs, _ctx?: RunContext): Promise<RunOutputs<typeof LIMITER_OUTPUTS>> {
    const topK = checkTopK(inputs.topK ?? this.options.topK, 'DocumentLimiter run input');
    const { tokenCounter, truncateLast } = this.options;
    let chars = this.options.maxCharacters ?? Number.POSITIVE_INFINITY;
    let tokens = this.options.maxTokens ?? Number.POSITIVE_INFINITY;
    const countTokens = this.options.maxTokens !== undefined;
    const out: Document[] = [];
    for (const doc of inputs.documents) {
      if (out.length >= topK) break;
      const length = doc.content.length;
      const estimate = countTokens ? estimateTokens(doc.content, tokenCounter) : 0;
      if (length <= chars && estimate <= tokens) {
        out.push(copyDocument(doc));
        chars -= length;
        tokens -= estimate;
        continue;
      }
      if (truncateLast) {
        let content = Number.isFinite(chars) ? truncateToChars(doc.content, chars) : doc.content;
        if (countTokens) content = truncateToTokens(content, tokens, tokenCounter);
        if (content.trim().length > 0) {
          const meta = { ...copyMeta(doc.meta), _truncated: true };
          out.push(copyDocument(doc, { content, meta }));
        }
      }
      break;
    }
    return { documents: out };
  }
}

defaultRegistry.register(DocumentLimiter);
