import type { Document } from '../document.js';
import { hasScore } from './copy-document.js';
import { analyzeQuestion, mentionsNumber, type QuestionTerm } from './question-terms.js';
import { splitSentences } from './sentence-splitter.js';
import { extractTerms } from './text-terms.js';

/** The thresholds {@link pickPassages} applies (the answerer's options). */
export interface PassageSettings {
  maxSentences: number;
  minCoverage: number;
  contextWeight: number;
  requireNames: boolean;
  checkAnswerType: boolean;
  minScore?: number | undefined;
  minRelativeScore: number;
  retrievalWeight: number;
  maxSentenceLength: number;
}

/** A quotable passage: a sentence, with the sentence before it when that one is needed context. */
export interface Passage {
  docIndex: number;
  /** Position of the scored sentence in its document. */
  position: number;
  /** The quoted text (the sentence before, then the sentence, when the sentence continues it). */
  text: string;
  /** The scored sentence's terms. */
  terms: Set<string>;
  /** Weighted share of the question's terms the sentence (and its document) contains, in [0, 1]. */
  coverage: number;
  score: number;
}

/** What {@link pickPassages} found. */
export interface PassagePick {
  /** The passages to quote, best first (empty: abstain). */
  passages: Passage[];
  /** The best coverage of any sentence (0 when nothing matched). */
  coverage: number;
  /** Question words the best-covering sentence and its document lack. */
  missing: string[];
  /** The question has no words (empty or punctuation only). */
  emptyQuestion: boolean;
  /** The question asked for a time or quantity, and every covering sentence lacked a number. */
  lacksNumber: boolean;
}

interface Sentence {
  docIndex: number;
  position: number;
  text: string;
  terms: Set<string>;
}

interface Scored {
  sentence: Sentence;
  coverage: number;
  /** Coverage counting the sentence's own terms only (no document context). */
  ownCoverage: number;
  score: number;
  /** Names of the question that neither the sentence nor its document mentions. */
  missingNames: number;
  /** Required question terms that neither the sentence nor its document mentions. */
  missing: QuestionTerm[];
}

/**
 * Scores the sentences of `documents` against `question` and picks the passages that answer it
 * (see the TSDoc of `ExtractiveAnswerGenerator` for the rules and formulas).
 */
export function pickPassages(question: string, documents: readonly Document[], settings: PassageSettings): PassagePick {
  const { terms: questionTerms, expectsNumber } = analyzeQuestion(question);
  const none = (coverage = 0, missing: string[] = [], lacksNumber = false): PassagePick => ({
    passages: [],
    coverage,
    missing,
    emptyQuestion: questionTerms.length === 0,
    lacksNumber,
  });
  if (questionTerms.length === 0 || documents.length === 0) return none();

  const sentences: Sentence[] = [];
  const documentTerms: Set<string>[] = [];
  documents.forEach((doc, docIndex) => {
    const all = new Set<string>();
    for (const s of splitSentences(doc.content, settings.maxSentenceLength)) {
      const terms = new Set(extractTerms(s.text, false));
      for (const t of terms) all.add(t);
      sentences.push({ docIndex, position: s.position, text: s.text, terms });
    }
    documentTerms.push(all);
  });
  const n = sentences.length;
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
  // A term no sentence contains weighs as much as one found once: it cannot be rarer than that.
  const idf = (t: string) => {
    const d = Math.max(1, df.get(t) ?? 0);
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const retrieval = retrievalRanks(documents);
  const { retrievalWeight, minCoverage, contextWeight } = settings;

  const score = (sentence: Sentence): Scored => {
    const context = documentTerms[sentence.docIndex]!;
    let matched = 0;
    let own = 0;
    let total = 0;
    let missingNames = 0;
    const missing: QuestionTerm[] = [];
    for (const q of questionTerms) {
      const w = idf(q.term);
      const found = sentence.terms.has(q.term) ? 1 : context.has(q.term) ? contextWeight : 0;
      if (found === 0 && !q.optional) missing.push(q);
      if (!context.has(q.term) && q.name) missingNames++;
      matched += found * w;
      if (found === 1) own += w;
      total += q.optional ? found * w : w;
    }
    let weight = 0;
    for (const t of sentence.terms) weight += idf(t);
    const coverage = total > 0 ? matched / total : 0;
    const density = weight > 0 ? Math.min(1, matched / weight) : 0;
    return {
      sentence,
      coverage,
      ownCoverage: total > 0 ? own / total : 0,
      missingNames,
      missing,
      score: (1 - retrievalWeight) * (0.9 * coverage + 0.1 * density) + retrievalWeight * retrieval[sentence.docIndex]!,
    };
  };
  const matchesAny = (s: Sentence) => questionTerms.some((q) => s.terms.has(q.term));
  const covers = (s: Scored) =>
    matchesAny(s.sentence) && s.coverage >= minCoverage && !(settings.requireNames && s.missingNames > 0);
  const needsNumber = expectsNumber && settings.checkAnswerType;

  const scored = sentences.map(score);
  const covering = scored.filter(covers);
  const answering = covering.filter(
    (s) => (!needsNumber || mentionsNumber(s.sentence.text)) && (settings.minScore === undefined || s.score >= settings.minScore),
  );
  if (answering.length === 0) {
    const best = scored.filter((s) => matchesAny(s.sentence)).sort((a, b) => b.coverage - a.coverage)[0];
    if (best === undefined) return none();
    return none(
      best.coverage,
      best.missing.map((q) => q.word),
      needsNumber && covering.length > 0,
    );
  }
  answering.sort(
    (a, b) => b.score - a.score || a.sentence.docIndex - b.sentence.docIndex || a.sentence.position - b.sentence.position,
  );
  const top = answering[0]!.score;
  const picked: Passage[] = [];
  const quoted = new Set<Sentence>();
  for (const s of answering) {
    if (quoted.size >= settings.maxSentences || s.score < top * settings.minRelativeScore) break;
    if (quoted.has(s.sentence) || picked.some((p) => isNearDuplicate(p.terms, s.sentence))) continue;
    // A further passage must cover the question by itself, not through its document.
    if (picked.length > 0 && s.ownCoverage < minCoverage) continue;
    const parts = [s.sentence];
    const neighbor = quoted.size + 2 <= settings.maxSentences ? completion(s, quoted) : undefined;
    if (neighbor !== undefined) parts.splice(neighbor.position < s.sentence.position ? 0 : 1, 0, neighbor);
    for (const p of parts) quoted.add(p);
    picked.push({
      docIndex: s.sentence.docIndex,
      position: s.sentence.position,
      text: parts.map((p) => p.text).join(' '),
      terms: s.sentence.terms,
      coverage: s.coverage,
      score: s.score,
    });
  }
  return { passages: picked, coverage: answering[0]!.coverage, missing: [], emptyQuestion: false, lacksNumber: false };

  /**
   * The sentence right before `s` in its document (else the one right after) when `s` needs it
   * to answer: `s` reaches `minCoverage` only through its document, or lacks a name of the
   * question, and the neighbor holds question terms `s` lacks ("Madrid is the capital of Spain.
   * The city is home to the Prado").
   */
  function completion(s: Scored, quoted: ReadonlySet<Sentence>): Sentence | undefined {
    const { sentence } = s;
    const lacking = questionTerms.filter((q) => !q.optional && !sentence.terms.has(q.term));
    if (s.ownCoverage >= minCoverage && !lacking.some((q) => q.name)) return undefined;
    const at = sentences.indexOf(sentence);
    for (const other of [sentences[at - 1], sentences[at + 1]]) {
      if (other === undefined || other.docIndex !== sentence.docIndex || quoted.has(other)) continue;
      if (lacking.some((q) => other.terms.has(q.term))) return other;
    }
    return undefined;
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

/** Term sets overlapping by 80 % or more (Jaccard): the same sentence from overlapping chunks. */
function isNearDuplicate(picked: Set<string>, sentence: Sentence): boolean {
  let shared = 0;
  for (const t of picked) if (sentence.terms.has(t)) shared++;
  const union = picked.size + sentence.terms.size - shared;
  return union > 0 && shared / union >= 0.8;
}
