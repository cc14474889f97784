import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import type { Meta } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { type PassagePick, pickPassages } from './answer-passages.js';
import { describeSource, type ExtractiveCitation, ExtractiveCitationSchema } from './extractive-citation.js';

export { type ExtractiveCitation, ExtractiveCitationSchema } from './extractive-citation.js';

/** The `model` value in the generator's meta: the answer is extracted, not generated. */
export const EXTRACTIVE_MODEL = 'extractive';

export const ExtractiveAnswerGeneratorOptionsSchema = z.strictObject({
  /**
   * The most sentences the answer may contain.
   * @default 3
   */
  maxSentences: z.number().int().positive().default(3),
  /**
   * The share of the question's content terms, weighted by idf (rare words count more), a
   * sentence must contain to be quoted; when no sentence reaches it, the answerer abstains
   * ("No answer found …"). So "capital of Japan" is not answered by "Berlin is the capital of
   * Germany". `0` (with `requireNames: false`) quotes any sentence sharing a term with the question.
   * @default 0.7
   */
  minCoverage: z.number().min(0).max(1).default(0.7),
  /**
   * How much a question term counts when the sentence lacks it but another sentence of the same
   * document has it (the document is about it: "pgvector" in the sentence before). `1` counts
   * the whole document as the sentence's context, `0` only the sentence.
   * @default 0.5
   */
  contextWeight: z.number().min(0).max(1).default(0.5),
  /**
   * Names in the question (words capitalized after its first word, or written in capitals:
   * "Japan", "DNA") must appear in the quoted sentence or its document.
   * @default true
   */
  requireNames: z.boolean().default(true),
  /**
   * Questions asking for a time or a quantity ("when", "what year", "how many", "how long", …)
   * are only answered by sentences that state a number (digits or a number word).
   * @default true
   */
  checkAnswerType: z.boolean().default(true),
  /**
   * Leave out passages scoring below this (scores are in [0, 1], see the class TSDoc).
   * @default undefined (any passage reaching `minCoverage` qualifies)
   */
  minScore: z.number().min(0).max(1).optional(),
  /**
   * Leave out passages scoring below this fraction of the best passage's score, so one strong
   * passage is not padded with weak ones.
   * @default 0.5
   */
  minRelativeScore: z.number().min(0).max(1).default(0.5),
  /**
   * Weight of the document's retrieval rank in a passage's score (the rest is term overlap).
   * @default 0.1
   */
  retrievalWeight: z.number().min(0).max(1).default(0.1),
  /**
   * Sentences longer than this many characters are cut at word boundaries before scoring
   * (texts without punctuation, tables, code).
   * @default 500
   */
  maxSentenceLength: z.number().int().min(20).default(500),
  /**
   * Document meta fields read, in order, for a citation's `title` (dotted paths reach nested
   * objects).
   * @default ['title', 'name']
   */
  titleFields: z.array(z.string().min(1)).default(['title', 'name']),
  /**
   * Document meta fields read, in order, for a citation's `source` (a path or URL).
   * @default ['source', 'file_path', 'path', 'url']
   */
  sourceFields: z.array(z.string().min(1)).default(['source', 'file_path', 'path', 'url']),
  /**
   * How many of the document's first words a citation's `snippet` holds.
   * @default 8
   */
  snippetWords: z.number().int().positive().default(8),
});

/** Options accepted by the {@link ExtractiveAnswerGenerator} constructor. */
export type ExtractiveAnswerGeneratorOptions = z.input<typeof ExtractiveAnswerGeneratorOptionsSchema>;
type ParsedOptions = z.output<typeof ExtractiveAnswerGeneratorOptionsSchema>;

const EXTRACTIVE_INPUTS = inputSockets({
  query: { schema: SocketSchemas.text, description: 'The question.' },
  documents: { schema: SocketSchemas.documents, description: 'Retrieved documents, best first.' },
});
const EXTRACTIVE_OUTPUTS = outputSockets({
  replies: { schema: SocketSchemas.texts, description: 'One reply: the quoted passages with [n] citation markers.' },
  meta: {
    schema: SocketSchemas.metaList,
    description: 'One entry: { model: "extractive", extractive: true, answered, coverage, citations }.',
  },
  citations: {
    schema: z.array(ExtractiveCitationSchema),
    description: 'The quoted passages with their source documents, in reply order (empty when abstaining).',
  },
});

/** Run inputs of {@link ExtractiveAnswerGenerator}: `query`, `documents`. */
export type ExtractiveAnswerGeneratorInputs = RunInputs<typeof EXTRACTIVE_INPUTS>;

/** Run outputs of {@link ExtractiveAnswerGenerator}: `replies`, `meta`, `citations` (typed {@link ExtractiveCitation}). */
export type ExtractiveAnswerGeneratorOutputs = RunOutputs<typeof EXTRACTIVE_OUTPUTS>;

/**
 * An offline "generator" that needs no language model: it answers with the passages of the
 * retrieved documents that cover the question, each followed by a citation marker `[n]`
 * pointing at its source document, and says "No answer found …" when no passage does. It is
 * labeled as extractive in its meta (`model: "extractive"`, `extractive: true`) so it is never
 * mistaken for an LLM answer.
 *
 * How passages are picked:
 * 1. Documents are split into sentences with `Intl.Segmenter` (see `splitSentences`).
 * 2. Query and sentences become terms (Unicode words, lower-cased, diacritics folded, light
 *    English stemming: plurals, `-ed`/`-ing`, superlatives, irregular past forms). The
 *    question keeps its content terms: stop words, question words and the measure word of
 *    "how many / how fast / what year" are dropped (all words are kept if nothing remains).
 * 3. Each question term `t` weighs `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))` over the `N`
 *    retrieved sentences (`df`: sentences containing `t`), so rare words count more and a term
 *    no retrieved sentence contains counts most.
 * 4. A passage is a sentence, or two adjacent sentences of one document when neither answers
 *    alone but together they do (a continuation: "Paris is … It sits on the Seine river").
 *    `coverage` = idf-weighted share of the question terms found in the passage; `density` =
 *    the matched terms' idf over the idf of all the passage's distinct terms (prefers focused
 *    sentences); `retrieval` = 1 for the best-ranked document down to 1/n for the last (by
 *    score when every document has one, else input order).
 *    `score = (1 − retrievalWeight) · (0.9 · coverage + 0.1 · density) + retrievalWeight · retrieval`, in [0, 1].
 * 5. Only passages with `coverage ≥ minCoverage` (and, with `checkAnswerType`, a number when the
 *    question asks "when / how many / …") answer. The best ones are quoted, up to
 *    `maxSentences` sentences (ties: document order, then sentence order), skipping
 *    near-duplicates of picked ones and passages below `minScore` or below `minRelativeScore` ×
 *    the best score; so a second passage is only added when it covers the question too.
 *
 * Outputs `replies: [answer]`, `citations: [{ index, documentId, sentence, score, title?,
 * source?, snippet }]` and `meta: [{ model: "extractive", extractive: true, answered, coverage,
 * citations }]`. When no passage answers, the reply says that no answer was found in the
 * documents and which question words they lack (`answered: false`, no citations).
 */
export class ExtractiveAnswerGenerator extends BaseComponent<ParsedOptions, typeof EXTRACTIVE_INPUTS, typeof EXTRACTIVE_OUTPUTS> {
  static readonly type = 'core.ExtractiveAnswerGenerator';
  readonly inputSockets = EXTRACTIVE_INPUTS;
  readonly outputSockets = EXTRACTIVE_OUTPUTS;

  constructor(options: ExtractiveAnswerGeneratorOptions = {}) {
    super(ExtractiveAnswerGeneratorOptionsSchema, options, 'ExtractiveAnswerGenerator');
  }

  async run(inputs: ExtractiveAnswerGeneratorInputs, _ctx?: RunContext): Promise<ExtractiveAnswerGeneratorOutputs> {
    const { query, documents } = inputs;
    if (typeof query !== 'string') {
      throw new InvalidOptionsError('ExtractiveAnswerGenerator run input', `query must be a string, got ${typeof query}`);
    }
    if (!Array.isArray(documents)) {
      throw new InvalidOptionsError('ExtractiveAnswerGenerator run input', 'documents must be an array of documents');
    }
    const pick = pickPassages(query, documents, this.options);
    if (pick.passages.length === 0) return noAnswer(query, documents.length, pick);

    const sourceIndex = new Map<number, number>();
    const citations: ExtractiveCitation[] = pick.passages.map((p) => {
      let index = sourceIndex.get(p.docIndex);
      if (index === undefined) {
        index = sourceIndex.size + 1;
        sourceIndex.set(p.docIndex, index);
      }
      const document = documents[p.docIndex]!;
      return { index, documentId: document.id, sentence: p.text, score: p.score, ...describeSource(document, this.options) };
    });
    const reply = citations.map((c) => `${c.sentence} [${c.index}]`).join(' ');
    const meta: Meta = {
      model: EXTRACTIVE_MODEL,
      extractive: true,
      answered: true,
      coverage: pick.coverage,
      citations: citations.map((c) => ({ ...c })),
    };
    return { replies: [reply], meta: [meta], citations };
  }
}

function noAnswer(query: string, documentCount: number, pick: PassagePick): ExtractiveAnswerGeneratorOutputs {
  const q = query.trim();
  const found = `No answer found in the ${documentCount} retrieved document${documentCount === 1 ? '' : 's'}`;
  const quoted = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ');
  let reply: string;
  if (documentCount === 0) reply = `No answer found: no documents were retrieved for the question${q ? ` "${q}"` : ''}.`;
  else if (q.length === 0) reply = 'No answer found: the question is empty.';
  else if (pick.emptyQuestion) reply = `No answer found: the question "${q}" has no words to look for.`;
  else if (pick.coverage === 0) reply = `${found}: none of them mentions the terms of the question "${q}".`;
  else if (pick.lacksNumber) reply = `${found}: the passages about the question "${q}" state no date or number.`;
  else if (pick.missing.length > 0) {
    reply = `${found}: no passage covers the question "${q}" (none mentions ${quoted(pick.missing)} with the rest).`;
  } else reply = `${found}: no passage covers the question "${q}" closely enough.`;
  return {
    replies: [reply],
    meta: [{ model: EXTRACTIVE_MODEL, extractive: true, answered: false, coverage: pick.coverage, citations: [] }],
    citations: [],
  };
}

defaultRegistry.register(ExtractiveAnswerGenerator);
