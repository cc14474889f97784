import type { Document } from './document.js';

/** How a document is turned into the text a model sees (embedders, rerankers). */
export interface DocumentTextOptions {
  /** Meta keys whose values are put before the content, in this order. @default [] */
  metaFieldsToEmbed?: readonly string[];
  /** Joins the meta values and the content. @default "\n" */
  separator?: string;
  /** Put before the whole text (e.g. an instruction such as "passage: "). @default "" */
  prefix?: string;
  /** Put after the whole text. @default "" */
  suffix?: string;
}

/**
 * `prefix + [meta values of metaFieldsToEmbed..., content].join(separator) + suffix`, as
 * Haystack's document embedders do. Missing and `null` meta fields are skipped; strings are
 * used as they are, other JSON values serialized.
 */
export function documentText(doc: Document, options: DocumentTextOptions = {}): string {
  const parts: string[] = [];
  for (const key of options.metaFieldsToEmbed ?? []) {
    const value = doc.meta[key];
    if (value === undefined || value === null) continue;
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  parts.push(doc.content);
  return (options.prefix ?? '') + parts.join(options.separator ?? '\n') + (options.suffix ?? '');
}
