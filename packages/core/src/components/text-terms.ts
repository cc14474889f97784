import { stemEnglish } from './english-stemmer.js';

/**
 * English stop words (function words that carry no topic): articles, pronouns, auxiliaries,
 * prepositions, conjunctions and question words.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both
but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other
ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's
whom why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves also just may
might must shall us tell please explain describe`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Normalizes a word for matching: NFKC, lower case, Latin-style diacritics removed (combining
 * marks U+0300–U+036F only, so Indic vowel signs and Japanese voicing marks stay), typographic
 * apostrophes unified, possessive `'s` dropped, then the light English stemmer
 * {@link stemEnglish} (plurals, `-ed`/`-ing`, superlatives, common irregular past forms),
 * applied identically to queries and sentences so that "databases" matches "database" and
 * "began" matches "begin".
 */
export function normalizeTerm(word: string): string {
  let w = word
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  return stemEnglish(w);
}

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
/** Runs of letters/digits, with inner apostrophes and dots ("it's", "3.5", "e.g"). */
const WORD_RUN = /[\p{L}\p{M}\p{N}]+(?:['\u2019.][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: these runs go through `Intl.Segmenter`. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Word tokens of `text`: a fast regex for spaced scripts, ICU word segmentation for CJK/Thai. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(WORD_RUN)) {
    if (!UNSPACED_SCRIPT.test(run)) {
      out.push(run);
      continue;
    }
    for (const { segment, isWordLike } of wordSegmenter.segment(run)) if (isWordLike) out.push(segment);
  }
  return out;
}

/** One word of a text: as written, lower-cased, and as a matching term. */
export interface TermToken {
  /** The word as written. */
  word: string;
  /** The word lower-cased (NFKC), as compared with stop word lists. */
  lower: string;
  /** The normalized, stemmed term ({@link normalizeTerm}); may be empty. */
  term: string;
}

/** The words of `text` (letters and digits; CJK and Thai segmented with `Intl.Segmenter`) with their terms. */
export function tokenizeTerms(text: string): TermToken[] {
  const out: TermToken[] = [];
  for (const word of words(text)) {
    const lower = word
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'");
    out.push({ word, lower, term: normalizeTerm(lower) });
  }
  return out;
}

/**
 * The terms of `text`: word tokens (letters and digits; CJK and Thai segmented with
 * `Intl.Segmenter`) normalized with {@link normalizeTerm}. Stop words are removed when
 * `dropStopWords` is set (they are checked before stemming).
 */
export function extractTerms(text: string, dropStopWords: boolean): string[] {
  const out: string[] = [];
  for (const { lower, term } of tokenizeTerms(text)) {
    if (dropStopWords && ENGLISH_STOP_WORDS.has(lower)) continue;
    if (term.length > 0) out.push(term);
  }
  return out;
}
