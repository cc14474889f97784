import { type Document, hasLoneSurrogate, InvalidDocumentError, MetaSchema } from '@synapse-rag/core';

/**
 * Checks a batch before the first request (Chroma has no transactions): ids, content, JSON meta,
 * no lone surrogates, and an embedding on each document unless the store has an embedder.
 */
export function validateDocuments(documents: readonly Document[], hasEmbedder: boolean): void {
  documents.forEach((doc, i) => {
    if (doc === null || typeof doc !== 'object')
      throw new InvalidDocumentError(`documents[${i}] is not a document.`, { index: i });
    if (typeof doc.id !== 'string' || doc.id.length === 0) {
      throw new InvalidDocumentError(`documents[${i}] has no id; Chroma needs a non-empty string id.`, { index: i });
    }
    if (typeof doc.content !== 'string') {
      throw new InvalidDocumentError(`Document ${doc.id}: content must be a string.`, { id: doc.id });
    }
    const meta = MetaSchema.safeParse(doc.meta ?? {});
    if (!meta.success || doc.meta === null || typeof doc.meta !== 'object' || Array.isArray(doc.meta)) {
      throw new InvalidDocumentError(`Document ${doc.id}: meta must be a JSON object.`, { id: doc.id });
    }
    // A lone surrogate would make the request body invalid JSON for the server (an untyped error).
    const malformed = [doc.id, doc.content, ...jsonStrings(doc.meta)].find((t) => hasLoneSurrogate(t));
    if (malformed !== undefined) {
      throw new InvalidDocumentError(`Document ${doc.id}: contains a lone UTF-16 surrogate, which Chroma cannot store.`, {
        id: doc.id,
      });
    }
    if (doc.embedding === undefined && !hasEmbedder) {
      throw new InvalidDocumentError(
        `Document ${doc.id} has no embedding. The Chroma store has no embedding function: embed documents first (e.g. with a document embedder).`,
        { id: doc.id },
      );
    }
  });
}

/** Every string (keys and values) inside a JSON value. */
function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...jsonStrings(v)]);
  }
  return [];
}
