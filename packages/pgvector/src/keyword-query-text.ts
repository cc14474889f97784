/** How a keyword query's words combine: every word must match, or any word may. */
export type KeywordMatch = 'all' | 'any';

/**
 * The text handed to `websearch_to_tsquery` for `match`. `all` passes the query through (web
 * search syntax: quoted phrases, `or`, `-exclusion`; plain words are AND-ed). `any` keeps only the
 * words (letters and digits) and joins them with `or`, so a document matching some of them is
 * found and `ts_rank_cd` ranks those matching more, closer together, first: natural-language
 * questions over short chunks rarely contain every word of the question.
 */
export function keywordQueryText(query: string, match: KeywordMatch): string {
  if (match === 'all') return query;
  return (query.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).filter((w) => w.toLowerCase() !== 'or').join(' or ');
}
