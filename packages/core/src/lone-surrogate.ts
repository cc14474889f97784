const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` holds a lone UTF-16 surrogate (not well-formed Unicode; ES2024's
 * `String.prototype.isWellFormed` negated). UTF-8 cannot encode one: Node writes U+FFFD instead,
 * so stores that send text as UTF-8 reject such strings rather than change them silently.
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
