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

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * Normalises a word for matching: NFKC, lower case, diacritics removed, typographic apostrophes
 * unified, possessive `'s` dropped, and a light English plural stemmer (`-ies` → `-y`,
 * `-sses`/`-xes`/`-ches`/`-shes`/`-zes` drop `es`, `-s` dropped except after `s`, `u`, `i`), applied identically to queries and
 * sentences so that "databases" matches "database".
 */
export function normaliseTerm(word: string): string {
  let w = word
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || (w.length > 4 && /(?:x|ch|sh|z)es$/.test(w))) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/[sui]s$/.test(w)) return w.slice(0, -1);
  return w;
}

/**
 * The terms of `text`: Unicode word segments (`Intl.Segmenter`, so CJK and accented text work),
 * normalised with {@link normaliseTerm}. Stop words are removed when `dropStopWords` is set
 * (they are checked before stemming).
 */
export function extractTerms(text: string, dropStopWords: boolean): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text)) {
    if (!isWordLike) continue;
    const lower = segment
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'");
    if (dropStopWords && ENGLISH_STOP_WORDS.has(lower)) continue;
    const term = normaliseTerm(lower);
    if (term.length > 0) out.push(term);
  }
  return out;
}
