import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidDocumentError } from './errors.js';

/** A JSON value as stored in document metadata. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** Document metadata: a JSON object. */
export type Meta = { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);
export const MetaSchema: z.ZodType<Meta> = z.record(z.string(), JsonValueSchema);

/** The zod schema of a {@link Document}. */
export const DocumentSchema = z.object({
  id: z.string().min(1),
  content: z.string(),
  meta: MetaSchema,
  embedding: z.array(z.number()).optional(),
  score: z.number().optional(),
});

/** The unit of retrieval: text with metadata, an optional embedding and, after retrieval, a score. */
export interface Document {
  /** Stable id. Defaults to a hash of content + meta (see {@link documentId}). */
  id: string;
  content: string;
  meta: Meta;
  embedding?: number[];
  /** Set by retrievers, rankers and joiners; higher is better unless a store documents otherwise. */
  score?: number;
}

/** Fields accepted by {@link createDocument}. */
export interface DocumentInit {
  id?: string;
  content: string;
  meta?: Meta;
  embedding?: number[];
  score?: number;
}

/** JSON with object keys sorted, so equal values always serialize identically. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * The default document id: SHA-256 (hex) of the canonical JSON of `{ content, meta }`.
 * Same content and meta (in any key order) → same id.
 */
export function documentId(content: string, meta: Meta = {}): string {
  return createHash('sha256').update(canonicalJson({ content, meta })).digest('hex');
}

/** Creates a validated {@link Document}, deriving the id from content + meta when not given. */
export function createDocument(init: DocumentInit): Document {
  if (typeof init.content !== 'string') throw new InvalidDocumentError('Document content must be a string.');
  const meta = init.meta ?? {};
  const parsedMeta = MetaSchema.safeParse(meta);
  if (!parsedMeta.success) {
    throw new InvalidDocumentError(`Document meta must be a JSON object: ${parsedMeta.error.issues[0]?.message ?? ''}`);
  }
  const doc: Document = { id: init.id ?? documentId(init.content, meta), content: init.content, meta };
  if (doc.id.length === 0) throw new InvalidDocumentError('Document id must not be empty.');
  if (init.embedding !== undefined) doc.embedding = init.embedding;
  if (init.score !== undefined) doc.score = init.score;
  return doc;
}

/**
 * Checks that every document has a valid embedding of `dimension` finite numbers. Throws
 * {@link InvalidDocumentError} naming the first offending document; stores call this before
 * writing anything.
 */
export function assertEmbeddings(docs: readonly Document[], dimension?: number, { required = false } = {}): void {
  for (const doc of docs) {
    const e = doc.embedding;
    if (e === undefined) {
      if (required)
        throw new InvalidDocumentError(`Document ${doc.id} has no embedding; this store requires one.`, { id: doc.id });
      continue;
    }
    if (!Array.isArray(e))
      throw new InvalidDocumentError(`Document ${doc.id}: embedding must be an array of numbers.`, { id: doc.id });
    if (dimension !== undefined && e.length !== dimension) {
      throw new InvalidDocumentError(
        `Document ${doc.id}: embedding has ${e.length} dimensions, the store expects ${dimension}.`,
        { id: doc.id, expected: dimension, actual: e.length },
      );
    }
    for (let i = 0; i < e.length; i++) {
      const v = e[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvalidDocumentError(
          `Document ${doc.id}: embedding[${i}] is ${String(v)}; embeddings must be finite numbers.`,
          {
            id: doc.id,
            index: i,
          },
        );
      }
    }
  }
}
