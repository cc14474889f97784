import { Document as LangChainDocument } from '@langchain/core/documents';
import { type Document, documentId, type JsonValue, type Meta } from '@synapse-rag/core';

/** Where ids and scores live in LangChain metadata. */
export interface DocumentMappingOptions {
  /** Metadata key read for the id when a LangChain document has no `id`. @default "id" */
  idKey?: string;
  /** Metadata key holding the score. Moved to `score` on the way in, written on the way out. @default "score" */
  scoreKey?: string;
}

function toJsonValue(value: unknown, seen: WeakSet<object>): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (seen.has(value)) return undefined; // cycles are dropped
      seen.add(value);
      try {
        if (Array.isArray(value)) return value.map((v) => toJsonValue(v, seen) ?? null);
        const out: Record<string, JsonValue> = {};
        for (const [k, v] of Object.entries(value)) {
          const j = toJsonValue(v, seen);
          if (j !== undefined) out[k] = j;
        }
        return out;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return undefined; // undefined, functions, symbols
  }
}

/**
 * LangChain metadata (any values) → Synapse `Meta` (JSON): dates become ISO strings, bigints
 * strings, non-finite numbers `null`; `undefined`, functions, symbols and cycles are dropped.
 */
export function toJsonMeta(metadata: Record<string, unknown> | undefined): Meta {
  return (toJsonValue(metadata ?? {}, new WeakSet()) ?? {}) as Meta;
}

/**
 * A LangChain `Document` → a Synapse `Document`. The id is the document's `id`, else
 * `metadata[idKey]` (string or number), else the content hash ({@link documentId}); a finite
 * number in `metadata[scoreKey]` becomes `score` (and leaves `meta`).
 */
export function fromLangChainDocument(
  doc: { pageContent: string; metadata?: Record<string, unknown>; id?: string | undefined },
  options: DocumentMappingOptions = {},
): Document {
  const idKey = options.idKey ?? 'id';
  const scoreKey = options.scoreKey ?? 'score';
  const meta = toJsonMeta(doc.metadata);
  const rawScore = doc.metadata?.[scoreKey];
  const score = typeof rawScore === 'number' && Number.isFinite(rawScore) ? rawScore : undefined;
  if (score !== undefined) delete meta[scoreKey];
  const metaId = doc.metadata?.[idKey];
  const id =
    typeof doc.id === 'string' && doc.id !== ''
      ? doc.id
      : (typeof metaId === 'string' && metaId !== '') || typeof metaId === 'number'
        ? String(metaId)
        : documentId(doc.pageContent, meta);
  const out: Document = { id, content: doc.pageContent, meta };
  if (score !== undefined) out.score = score;
  return out;
}

/** A Synapse `Document` → a LangChain `Document` (`score` goes to `metadata[scoreKey]`; the embedding is not copied). */
export function toLangChainDocument(doc: Document, options: DocumentMappingOptions = {}): LangChainDocument {
  const scoreKey = options.scoreKey ?? 'score';
  const metadata: Record<string, unknown> = { ...doc.meta };
  if (doc.score !== undefined) metadata[scoreKey] = doc.score;
  return new LangChainDocument({ pageContent: doc.content, metadata, id: doc.id });
}
