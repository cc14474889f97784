/** A sentence cut out of a text. */
export interface Sentence {
  /** The sentence with whitespace runs collapsed to single spaces and trimmed. */
  text: string;
  /** Index (0-based) of the sentence within its text. */
  position: number;
}

/**
 * Abbreviations after which the ICU sentence segmenter wrongly ends a sentence ("Dr. Smith");
 * a segment ending with one of these is joined with the next.
 */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  'mr mrs ms dr prof sr jr st vs cf fig figs vol approx dept gen gov sen rep jan feb apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);
const TRAILING_ABBREVIATION = /(?:^|[\s(])([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)\.$/;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Cuts text into raw sentence segments with `Intl.Segmenter` (Unicode UAX #29 sentence
 * boundaries, which also break at paragraph separators), re-joining segments that end with a
 * common abbreviation ("Dr.", "e.g.", initials). Each segment keeps its trailing whitespace, so
 * the segments joined give back `text` exactly (the document splitter relies on this for
 * offsets and page counts).
 */
export function sentenceSegments(text: string): string[] {
  const merged: string[] = [];
  let pending = '';
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    const trimmed = pending.trimEnd();
    const m = TRAILING_ABBREVIATION.exec(trimmed);
    const word = m?.[1];
    // "Dr.", dotted forms ("e.g.", "i.e."), and initials ("John F. Kennedy").
    const isAbbreviation =
      word !== undefined && (ABBREVIATIONS.has(word.toLowerCase()) || word.includes('.') || /^[A-Z]$/.test(word));
    // Only join when the segment did not also end a paragraph.
    if (isAbbreviation && !/\n\s*$/.test(pending)) continue;
    merged.push(pending);
    pending = '';
  }
  if (pending.length > 0) merged.push(pending);
  return merged;
}

/**
 * Splits text into sentences with {@link sentenceSegments}, collapses whitespace, drops segments
 * without letters or digits, and splits sentences longer than `maxLength` characters at word
 * boundaries (text without punctuation, tables, code).
 */
export function splitSentences(text: string, maxLength = 500): Sentence[] {
  const out: Sentence[] = [];
  for (const raw of sentenceSegments(text)) {
    const clean = raw.replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(clean)) continue;
    for (const piece of splitLong(clean, maxLength)) out.push({ text: piece, position: out.length });
  }
  return out;
}

/** Cuts `text` into pieces of at most `maxLength` characters at spaces (hard cut when a word is longer). */
function splitLong(text: string, maxLength: number): string[] {
  if (text.length <= maxLength) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    let cut = rest.lastIndexOf(' ', maxLength);
    if (cut <= 0) cut = maxLength;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}
