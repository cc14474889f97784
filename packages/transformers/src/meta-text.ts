import type { Document } from '@synapse-rag/core';

/**
 * The text a model sees for a document, like Haystack: the values of `metaFields` present in
 * `doc.meta` (strings as is, other JSON values serialised), then the content, joined by
 * `separator`.
 */
export function documentText(doc: Document, metaFields: readonly string[], separator: string): string {
  const parts: string[] = [];
  for (const field of metaFields) {
    const value = doc.meta[field];
    if (value === undefined || value === null) continue;
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  parts.push(doc.content);
  return parts.join(separator);
}
