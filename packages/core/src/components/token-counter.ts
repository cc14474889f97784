/**
 * Token estimates used for prompt budgets. Exact counts depend on the model's tokenizer, which
 * core does not ship; these are cheap, deterministic estimates:
 * - `chars/4` (default): `ceil(length / 4)` — the usual rule of thumb for English with BPE
 *   tokenizers (GPT, Llama). It under-counts for CJK text and code; leave headroom.
 * - `whitespace`: the number of whitespace-separated words. BPE tokenizers produce roughly
 *   1.3 tokens per English word, so this under-counts more; use it when the budget is in words.
 * Lengths are UTF-16 code units (JavaScript `string.length`).
 */
export const TOKEN_COUNTERS = ['chars/4', 'whitespace'] as const;
export type TokenCounter = (typeof TOKEN_COUNTERS)[number];

const WORD = /\S+/g;

/** Estimated number of tokens in `text` (see {@link TOKEN_COUNTERS}). */
export function estimateTokens(text: string, counter: TokenCounter): number {
  if (counter === 'chars/4') return Math.ceil(text.length / 4);
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

/**
 * The longest prefix of `text` with at most `maxChars` code units, cut at a word boundary when
 * that loses less than half of the allowed length, never inside a surrogate pair, and with
 * trailing whitespace removed.
 */
export function truncateToChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = Math.max(0, Math.floor(maxChars));
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  if (cut < text.length && !/\s/.test(text.charAt(cut))) {
    const head = text.slice(0, cut);
    const lastSpace = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'), head.lastIndexOf('\t'));
    if (lastSpace >= cut / 2) cut = lastSpace;
  }
  return text.slice(0, cut).trimEnd();
}

/** The longest prefix of `text` whose estimate is at most `maxTokens` (trailing whitespace removed). */
export function truncateToTokens(text: string, maxTokens: number, counter: TokenCounter): string {
  if (estimateTokens(text, counter) <= maxTokens) return text;
  if (counter === 'chars/4') return truncateToChars(text, maxTokens * 4);
  let end = 0;
  let words = 0;
  for (const m of text.matchAll(WORD)) {
    if (words === maxTokens) break;
    words++;
    end = m.index + m[0].length;
  }
  return text.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
