import type { Document } from '@synapse-rag/core';

/** How a document is turned into the text that gets embedded. */
export interface DocumentTextOptions {
  metaFieldsToEmbed: readonly string[];
  embeddingSeparator: string;
  prefix: string;
  suffix: string;
}

/**
 * `prefix + [meta values of metaFieldsToEmbed..., content].join(separator) + suffix`, as
 * Haystack's document embedders do. Missing and `null` meta fields are skipped; strings are
 * used as they are, other values as JSON.
 */
export function documentText(doc: Document, options: DocumentTextOptions): string {
  const parts: string[] = [];
  for (const key of options.metaFieldsToEmbed) {
    const value = doc.meta[key];
    if (value === undefined || value === null) continue;
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  parts.push(doc.content);
  return options.prefix + parts.join(options.embeddingSeparator) + options.suffix;
}
