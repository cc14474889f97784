import type { PreTrainedTokenizer } from '@huggingface/transformers';

// Kept tokens are decoded WITH special tokens: an `[UNK]` in the text stays `[UNK]` (and
// re-tokenizes to the same id) instead of silently disappearing.
function decodeKept(tokenizer: PreTrainedTokenizer, ids: number[]): string {
  return ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: false });
}

/**
 * Shortens one text so that it fits the model's `model_max_length` together with the special
 * tokens the tokenizer adds. transformers.js v4 truncates after adding them, so an over-long
 * text loses its final `[SEP]`/`</s>` (Hugging Face's Python tokenizers keep it).
 */
export function fitText(tokenizer: PreTrainedTokenizer, text: string, specialTokens: number): string {
  const maxLength = tokenizer.model_max_length;
  if (!Number.isFinite(maxLength)) return text;
  const budget = maxLength - specialTokens;
  if (text.length <= budget) return text;
  const ids = tokenizer.encode(text, { add_special_tokens: false });
  return ids.length <= budget ? text : decodeKept(tokenizer, ids.slice(0, Math.max(0, budget)));
}

/**
 * Shortens a (query, passage) pair so that both fit the model's `model_max_length` together with
 * the special tokens, removing tokens from the longer side first (Hugging Face's
 * `longest_first`). transformers.js v4 truncates a pair by cutting the joined sequence at the
 * end instead: a long passage loses its final `[SEP]`, and a long query pushes the passage out
 * entirely, so the model would score the query against nothing.
 *
 * Cheap when nothing needs cutting (a character count bounds the token count); otherwise the
 * kept tokens are decoded back to text, which the caller tokenizes as a pair (with truncation
 * still on as a safety net).
 */
export function fitPair(tokenizer: PreTrainedTokenizer, query: string, passage: string, specialTokens: number): [string, string] {
  const maxLength = tokenizer.model_max_length;
  if (!Number.isFinite(maxLength)) return [query, passage];
  const budget = maxLength - specialTokens;
  // Every token covers at least one character, so short texts can never overflow.
  if (query.length + passage.length <= budget) return [query, passage];
  const q = tokenizer.encode(query, { add_special_tokens: false });
  const p = tokenizer.encode(passage, { add_special_tokens: false });
  if (q.length + p.length <= budget) return [query, passage];
  // longest_first: trim the longer side down to the shorter, then alternate.
  let ql = q.length;
  let pl = p.length;
  let excess = ql + pl - budget;
  const cut = Math.min(excess, Math.abs(ql - pl));
  if (ql > pl) ql -= cut;
  else pl -= cut;
  excess -= cut;
  ql -= Math.floor(excess / 2);
  pl -= Math.ceil(excess / 2);
  const decode = (ids: number[]) => (ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: true }));
  return [
    ql < q.length ? decode(q.slice(0, Math.max(0, ql))) : query,
    pl < p.length ? decode(p.slice(0, Math.max(0, pl))) : passage,
  ];
}

/** Number of special tokens a tokenizer adds around one text (2 for BERT, 0 for the GloVe model). */
export function singleSpecialTokens(tokenizer: PreTrainedTokenizer): number {
  return tokenizer.encode('a', { add_special_tokens: true }).length - tokenizer.encode('a', { add_special_tokens: false }).length;
}

/** Number of special tokens a tokenizer adds around a pair (3 for BERT, 4 for XLM-R). */
export function pairSpecialTokens(tokenizer: PreTrainedTokenizer): number {
  // (An empty text_pair counts as no pair in transformers.js, so measure with a real word.)
  const plain = tokenizer.encode('a', { add_special_tokens: false }).length;
  return tokenizer.encode('a', { text_pair: 'a', add_special_tokens: true }).length - 2 * plain;
}
