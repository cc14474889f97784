import type { Document } from '../document.js';
import type { Filter } from '../filters/filter-types.js';

/**
 * What to do when a written document's id already exists.
 * - `none`: the store's default (every store in Synapse treats it as `fail`).
 * - `skip`: keep the stored document, do not count the new one as written.
 * - `overwrite`: replace the stored document.
 * - `fail`: throw `DuplicateDocumentError` naming the ids; nothing is written.
 */
export type DuplicatePolicy = 'none' | 'skip' | 'overwrite' | 'fail';
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['none', 'skip', 'overwrite', 'fail'];

export interface WriteOptions {
  /** @default "none" (same as "fail") */
  policy?: DuplicatePolicy;
}

/** Serialized form of a store or component: a registered type name plus its options. */
export interface SerializedObject {
  type: string;
  options: Record<string, unknown>;
}

/**
 * The protocol every document store implements. All methods are async; a call either
 * completes or leaves the store unchanged (no half-written batches).
 *
 * Duplicate ids inside one `writeDocuments` call: with `skip` the first occurrence wins, with
 * `overwrite` the last one wins, with `fail`/`none` the call throws `DuplicateDocumentError`.
 */
export interface DocumentStore {
  /** Writes documents; returns how many were written (skipped ones are not counted). */
  writeDocuments(documents: readonly Document[], options?: WriteOptions): Promise<number>;
  /** Documents matching `filters` (all documents when omitted), in no guaranteed order. */
  filterDocuments(filters?: Filter): Promise<Document[]>;
  countDocuments(): Promise<number>;
  /** Deletes the given ids; unknown ids are ignored. */
  deleteDocuments(ids: readonly string[]): Promise<void>;
  /** Serializable description (connection secrets must not be included in clear). */
  toJSON(): SerializedObject;
}

/**
 * A store whose documents live in this process only, so its serialized options do not keep them
 * (the in-memory store). A pipeline saves them with `toJSON({ includeDocuments: true })` /
 * `dumps({ includeDocuments: true })` and writes them back while loading (synchronously: loading
 * is synchronous); without that option `toJSON` warns when such a store holds documents.
 */
export interface InProcessDocumentStore extends DocumentStore {
  /** Copies of every stored document, with embeddings, in insertion order. */
  snapshotDocuments(): Document[];
  /** Writes `documents` with policy `overwrite`, synchronously; returns how many were written. */
  restoreDocuments(documents: readonly Document[]): number;
}

/** Whether `value` is a document store (the protocol's methods are present). */
export function isDocumentStore(value: unknown): value is DocumentStore {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['writeDocuments', 'filterDocuments', 'countDocuments', 'deleteDocuments', 'toJSON'].every(
    (m) => typeof v[m] === 'function',
  );
}

/** Whether `value` is an {@link InProcessDocumentStore}. */
export function isInProcessDocumentStore(value: unknown): value is InProcessDocumentStore {
  if (!isDocumentStore(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  return typeof v.snapshotDocuments === 'function' && typeof v.restoreDocuments === 'function';
}
