import { ENGLISH_STOP_WORDS, tokenizeTerms } from './text-terms.js';

/** One content term of a question. */
export interface QuestionTerm {
  /** The normalized, stemmed term matched against sentence terms. */
  term: string;
  /** The question's word it came from (first occurrence), for messages. */
  word: string;
  /**
   * The noun naming the kind of answer wanted ("which **country** …", "what **river** is …"):
   * it counts when a passage contains it, and is not required, since answers rarely repeat it
   * ("Brazil is the largest coffee producer"), unless fewer than two other terms remain.
   */
  optional: boolean;
  /**
   * A name: capitalized inside the question (not its first word) or written in capitals
   * ("Japan", "DNA"). A passage answers only if it or its document mentions every name.
   */
  name: boolean;
}

/** What a question asks about. */
export interface QuestionAnalysis {
  /** Distinct content terms, in question order. */
  terms: QuestionTerm[];
  /** The question asks for a time or a quantity ("when", "how many", "what year", …). */
  expectsNumber: boolean;
}

/** Words that ask, never found in an answer. */
const QUESTION_WORDS: ReadonlySet<string> = new Set('who whom whose what which when where why how'.split(' '));
/** Words after "how" that name the quantity asked for, not the topic ("how many", "how fast"). */
const HOW_MEASURES: ReadonlySet<string> = new Set(
  'many much long far old fast tall big large high deep wide heavy often early late soon quickly'.split(' '),
);
/** Verbs of "how does X work / happen" that ask for a mechanism, like "how" itself. */
const HOW_VERBS: ReadonlySet<string> = new Set('work works function functions happen happens'.split(' '));
/** Auxiliaries after "what <noun>" that make the noun the kind of answer ("what river is …"). */
const AUXILIARIES: ReadonlySet<string> = new Set('is are was were does do did has have had can could will would'.split(' '));
/** Words after "what" / "which" / "in what" that ask for a time ("what year"). */
const WHAT_TIMES: ReadonlySet<string> = new Set('year date century decade day month time period'.split(' '));

/**
 * The content terms of a question: stop words and question words dropped (see
 * `ENGLISH_STOP_WORDS`), as well as words that say what kind of answer is wanted rather than
 * what it is about: the measure of "how many / how fast / how long …" and the time of "what year
 * / which century …" (both set `expectsNumber`, as "when" does), and the verb of "how does X
 * work / happen". The noun after "which" (or after "what" when an auxiliary follows) is
 * `optional` when at least two other terms remain; capitalized words after the first and words in capitals are `name`s. When nothing
 * else remains, every word of the question but the question words is a term ("Who are they?" →
 * "are", "they").
 */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const tokens = tokenizeTerms(question);
  const terms: QuestionTerm[] = [];
  const seen = new Set<string>();
  let expectsNumber = false;
  tokens.forEach((token, i) => {
    const before = tokens[i - 1]?.lower;
    if (token.lower === 'when') expectsNumber = true;
    if (before === 'how' && HOW_MEASURES.has(token.lower)) {
      expectsNumber = true;
      return;
    }
    if (tokens[0]?.lower === 'how' && HOW_VERBS.has(token.lower)) return;
    if ((before === 'what' || before === 'which') && WHAT_TIMES.has(token.lower)) {
      expectsNumber = true;
      return;
    }
    if (ENGLISH_STOP_WORDS.has(token.lower) || token.term.length === 0 || seen.has(token.term)) return;
    seen.add(token.term);
    const optional =
      before === 'which' || (before === 'what' && AUXILIARIES.has(tokens[i + 1]?.lower ?? '') && i + 2 < tokens.length);
    const capitals = token.word.length > 1 && token.word === token.word.toUpperCase() && token.word !== token.lower;
    const name = capitals || (i > 0 && /^\p{Lu}/u.test(token.word));
    terms.push({ term: token.term, word: token.word, optional, name });
  });
  // The kind-of-answer noun is only excused when the rest of the question is specific enough on
  // its own: "which ocean is the largest?" must not be answered by "the largest planet".
  if (terms.filter((t) => !t.optional).length < 2) for (const t of terms) t.optional = false;
  if (terms.length === 0) {
    for (const token of tokens) {
      if (token.term.length === 0 || seen.has(token.term) || QUESTION_WORDS.has(token.lower)) continue;
      seen.add(token.term);
      terms.push({ term: token.term, word: token.word, optional: false, name: false });
    }
  }
  return { terms, expectsNumber };
}

const NUMBER_WORDS: ReadonlySet<string> = new Set(
  `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen once twice
half`.split(/\s+/),
);

/** Whether `text` states a number: digits or an English number word ("eleven", "forty", "million"). */
export function mentionsNumber(text: string): boolean {
  if (/\p{Nd}/u.test(text)) return true;
  for (const { lower } of tokenizeTerms(text)) if (NUMBER_WORDS.has(lower)) return true;
  return false;
}
