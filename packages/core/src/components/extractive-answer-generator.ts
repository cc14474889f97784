import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import type { Document, Meta } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { hasScore } from './copy-document.js';
import { splitSentences } from './sentence-splitter.js';
import { extractTerms } from './text-terms.js';

/** The `model` value in the generator's meta: the answer is extracted, not generated. */
export const EXTRACTIVE_MODEL = 'extractive';

export const ExtractiveAnswerGeneratorOptionsSchema = z.strictObject({
  /**
   * The most sentences the answer may contain.
   * @default 3
   */
  maxSentences: z.number().int().positive().default(3),
  /**
   * Leave out sentences scoring below this (scores are in [0, 1], see the class TSDoc).
   * @default undefined (any sentence sharing a query term qualifies)
   */
  minScore: z.number().min(0).max(1).optional(),
  /**
   * Leave out sentences scoring below this fraction of the best sentence's score, so one strong
   * sentence is not padded with weak ones.
   * @default 0.5
   */
  minRelativeScore: z.number().min(0).max(1).default(0.5),
  /**
   * Weight of the document's retrieval rank in a sentence's score (the rest is term overlap).
   * @default 0.1
   */
  retrievalWeight: z.number().min(0).max(1).default(0.1),
  /**
   * Sentences longer than this many characters are cut at word boundaries before scoring
   * (texts without punctuation, tables, code).
   * @default 500
   */
  maxSentenceLength: z.number().int().min(20).default(500),
});

/** Options accepted by the {@link ExtractiveAnswerGenerator} constructor. */
export type ExtractiveAnswerGeneratorOptions = z.input<typeof ExtractiveAnswerGeneratorOptionsSchema>;
type ParsedOptions = z.output<typeof ExtractiveAnswerGeneratorOptionsSchema>;

/** One cited sentence of an extractive answer. */
export interface ExtractiveCitation {
  /** The marker number in the reply (`[index]`): one number per source document, from 1. */
  index: number;
  documentId: string;
  sentence: string;
  score: number;
}

const EXTRACTIVE_INPUTS = inputSockets({
  query: { schema: SocketSchemas.text, description: 'The question.' },
  documents: { schema: SocketSchemas.documents, description: 'Retrieved documents, best first.' },
});
const EXTRACTIVE_OUTPUTS = outputSockets({
  replies: { schema: SocketSchemas.texts, description: 'One reply: the picked sentences with [n] citation markers.' },
  meta: { schema: SocketSchemas.metaList, description: 'One entry: { model: "extractive", citations, ... }.' },
});

/** Run inputs of {@link ExtractiveAnswerGenerator}. */
export interface ExtractiveAnswerGeneratorInputs {
  query: string;
  documents: Document[];
}

interface Candidate {
  docIndex: number;
  position: number;
  text: string;
  terms: Set<string>;
  score: number;
}

/**
 * An offline "generator" that needs no language model: it answers with the sentences of the
 * retrieved documents that best match the query, each followed by a citation marker `[n]`
 * pointing at its source document. It is labelled as extractive in its meta
 * (`model: "extractive"`, `extractive: true`) so it is never mistaken for an LLM answer.
 *
 * How sentences are picked:
 * 1. Documents are split into sentences with `Intl.Segmenter` (see `splitSentences`).
 * 2. Query and sentences become terms (Unicode words, lower-cased, diacritics folded, light
 *    English plural stemming); English stop words are dropped from the query (all query words
 *    are kept if only stop words remain).
 * 3. Each query term `t` weighs `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))` over the `N`
 *    retrieved sentences (`df`: sentences containing `t`), so rare words count more.
 * 4. `coverage` = idf-weighted share of the query terms found in the sentence; `density` = the
 *    matched terms' idf over the idf of all the sentence's distinct terms (prefers focused
 *    sentences); `retrieval` = 1 for the best-ranked document down to 1/n for the last (by
 *    score when every document has one, else input order).
 *    `score = (1 − retrievalWeight) · (0.9 · coverage + 0.1 · density) + retrievalWeight · retrieval`, in [0, 1].
 * 5. Sentences sharing no term with the query never qualify. The best `maxSentences` are kept
 *    (ties: document order, then sentence order), skipping near-duplicates of picked ones and
 *    sentences below `minScore` or below `minRelativeScore` × the best score.
 *
 * Outputs `replies: [answer]` and `meta: [{ model: "extractive", extractive: true, answered,
 * citations: [{ index, documentId, sentence, score }] }]`. When nothing matches, the reply says
 * that no answer was found in the documents (`answered: false`, no citations).
 */
export class ExtractiveAnswerGenerator extends BaseComponent<ParsedOptions> {
  readonly type = 'core.ExtractiveAnswerGenerator';
  readonly inputSockets = EXTRACTIVE_INPUTS;
  readonly outputSockets = EXTRACTIVE_OUTPUTS;

  constructor(options: ExtractiveAnswerGeneratorOptions = {}) {
    super(ExtractiveAnswerGeneratorOptionsSchema, options, 'ExtractiveAnswerGenerator');
  }

  async run(inputs: ExtractiveAnswerGeneratorInputs, _ctx?: RunContext): Promise<{ replies: string[]; meta: Meta[] }> {
    const { query, documents } = inputs;
    if (typeof query !== 'string') {
      throw new InvalidOptionsError('ExtractiveAnswerGenerator run input', `query must be a string, got ${typeof query}`);
    }
    if (!Array.isArray(documents)) {
      throw new InvalidOptionsError('ExtractiveAnswerGenerator run input', 'documents must be an array of documents');
    }
    const picked = this.pick(query, documents);
    if (picked.length === 0) return noAnswer(query, documents.length);

    const sourceIndex = new Map<number, number>();
    const citations: ExtractiveCitation[] = picked.map((c) => {
      let index = sourceIndex.get(c.docIndex);
      if (index === undefined) {
        index = sourceIndex.size + 1;
        sourceIndex.set(c.docIndex, index);
      }
      return { index, documentId: documents[c.docIndex]!.id, sentence: c.text, score: c.score };
    });
    const reply = citations.map((c) => `${c.sentence} [${c.index}]`).join(' ');
    const meta: Meta = {
      model: EXTRACTIVE_MODEL,
      extractive: true,
      answered: true,
      citations: citations.map((c) => ({ ...c })),
    };
    return { replies: [reply], meta: [meta] };
  }

  private pick(query: string, documents: readonly Document[]): Candidate[] {
    let queryTerms = [...new Set(extractTerms(query, true))];
    if (queryTerms.length === 0) queryTerms = [...new Set(extractTerms(query, false))];
    if (queryTerms.length === 0 || documents.length === 0) return [];

    const candidates: Candidate[] = [];
    documents.forEach((doc, docIndex) => {
      for (const s of splitSentences(doc.content, this.options.maxSentenceLength)) {
        candidates.push({ docIndex, position: s.position, text: s.text, terms: new Set(extractTerms(s.text, false)), score: 0 });
      }
    });
    const n = candidates.length;
    const df = new Map<string, number>();
    for (const c of candidates) for (const t of c.terms) df.set(t, (df.get(t) ?? 0) + 1);
    const idf = (t: string) => {
      const d = df.get(t) ?? 0;
      return Math.log(1 + (n - d + 0.5) / (d + 0.5));
    };
    let queryWeight = 0;
    for (const t of queryTerms) queryWeight += idf(t);
    const retrieval = retrievalRanks(documents);
    const { retrievalWeight, maxSentences, minScore, minRelativeScore } = this.options;

    const scored: Candidate[] = [];
    for (const c of candidates) {
      let matched = 0;
      for (const t of queryTerms) if (c.terms.has(t)) matched += idf(t);
      if (matched === 0) continue;
      let own = 0;
      for (const t of c.terms) own += idf(t);
      const coverage = matched / queryWeight;
      const density = own > 0 ? matched / own : 0;
      c.score = (1 - retrievalWeight) * (0.9 * coverage + 0.1 * density) + retrievalWeight * retrieval[c.docIndex]!;
      if (minScore === undefined || c.score >= minScore) scored.push(c);
    }
    scored.sort((a, b) => b.score - a.score || a.docIndex - b.docIndex || a.position - b.position);
    const best = scored[0]?.score ?? 0;
    const picked: Candidate[] = [];
    for (const c of scored) {
      if (picked.length >= maxSentences || c.score < best * minRelativeScore) break;
      if (picked.some((p) => isNearDuplicate(p, c))) continue;
      picked.push(c);
    }
    return picked;
  }
}

/** Rank-based retrieval prior in (0, 1]: 1 for the best document, 1/n for the last. */
function retrievalRanks(documents: readonly Document[]): number[] {
  const n = documents.length;
  const order = documents.map((_, i) => i);
  if (documents.every(hasScore)) {
    order.sort((a, b) => (documents[b]!.score as number) - (documents[a]!.score as number) || a - b);
  }
  const out = new Array<number>(n).fill(0);
  order.forEach((docIndex, rank) => {
    out[docIndex] = (n - rank) / n;
  });
  return out;
}

/** Same text, or term sets overlapping by 80 % or more (Jaccard). */
function isNearDuplicate(a: Candidate, b: Candidate): boolean {
  if (a.text.toLowerCase() === b.text.toLowerCase()) return true;
  let shared = 0;
  for (const t of a.terms) if (b.terms.has(t)) shared++;
  const union = a.terms.size + b.terms.size - shared;
  return union > 0 && shared / union >= 0.8;
}

function noAnswer(query: string, documentCount: number): { replies: string[]; meta: Meta[] } {
  const q = query.trim();
  const reply =
    documentCount === 0
      ? `No answer found: no documents were retrieved for the question${q ? ` "${q}"` : ''}.`
      : q.length === 0
        ? 'No answer found: the question is empty.'
        : `No answer found in the ${documentCount} retrieved document${documentCount === 1 ? '' : 's'}: none of them mentions the terms of the question "${q}".`;
  return { replies: [reply], meta: [{ model: EXTRACTIVE_MODEL, extractive: true, answered: false, citations: [] }] };
}

defaultRegistry.registerComponent(
  'core.ExtractiveAnswerGenerator',
  (options) => new ExtractiveAnswerGenerator(options as ExtractiveAnswerGeneratorOptions),
);
