import { z } from 'zod';
import type { Document } from '../document.js';
import { errorReason } from '../error-reason.js';
import { SerializationError } from '../errors.js';

/** A document store serialized once at the top of a pipeline, for every component using it. */
export interface SerializedStore {
  type: string;
  options: Record<string, unknown>;
  /** The documents of an in-process store, when saved with `includeDocuments`. */
  documents?: Document[];
}

/**
 * JSON form of a pipeline, as produced by `Pipeline.toJSON()`. A store that components hold is
 * written once under `stores` and each component's option refers to it as `{ $store: name }`,
 * so components sharing a store share it again after loading.
 */
export interface PipelineJSON {
  metadata: Record<string, unknown>;
  maxRunsPerComponent: number;
  /** Store name → the store's `toJSON()` (plus its documents with `includeDocuments`). Omitted when no component holds a store. */
  stores?: Record<string, SerializedStore>;
  /** Component name → `{ type, options }` (the component's own `toJSON()`, stores replaced by references). */
  components: Record<string, { type: string; options: Record<string, unknown> }>;
  /** Fully qualified: `{ sender: "a.out", receiver: "b.in" }`, in connection order. */
  connections: { sender: string; receiver: string }[];
}

/** zod schema of {@link PipelineJSON}; `metadata`, `maxRunsPerComponent` and `connections` may be omitted. */
export const PipelineJSONSchema = z.strictObject({
  metadata: z.record(z.string(), z.unknown()).default({}),
  maxRunsPerComponent: z.number().int().positive().default(100),
  stores: z
    .record(
      z.string().min(1),
      z.strictObject({
        type: z.string().min(1),
        options: z.record(z.string(), z.unknown()).default({}),
        documents: z.array(z.custom<Document>((d) => typeof d === 'object' && d !== null)).optional(),
      }),
    )
    .optional(),
  components: z.record(
    z.string(),
    z.strictObject({ type: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }),
  ),
  connections: z.array(z.strictObject({ sender: z.string().min(1), receiver: z.string().min(1) })).default([]),
});

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Options of `Pipeline.toJSON` and `Pipeline.dumps`. */
export interface PipelineDumpOptions {
  /**
   * Save the documents of in-process stores (the in-memory store) under `stores.<name>.documents`,
   * so the loaded pipeline finds them. Other stores keep their data themselves (pgvector, Chroma:
   * connection settings only). `undefined` warns about each in-process store holding documents
   * that are not saved; `false` saves none without a warning.
   * @default undefined (not saved, with a warning)
   */
  includeDocuments?: boolean | undefined;
  /** Receives each warning. @default process.emitWarning (code SYNAPSE_DOCUMENTS_NOT_SAVED) */
  onWarning?: ((message: string) => void) | undefined;
}

/** Validates the shape of a serialized pipeline; throws {@link SerializationError} naming each bad path. */
export function parsePipelineJSON(json: unknown): PipelineJSON {
  const parsed = PipelineJSONSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: pathText(i.path), message: i.message }));
    throw new SerializationError(`Invalid pipeline definition: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, {
      path: issues[0]?.path,
      issues,
    });
  }
  return parsed.data;
}

/** A SerializationError at `path`, keeping the original error as `cause`. */
export function serializationErrorAt(path: string, error: unknown): SerializationError {
  const message = errorReason(error);
  const wrapped = new SerializationError(`Invalid pipeline definition at ${path}: ${message}`, { path });
  Object.defineProperty(wrapped, 'cause', { value: error, enumerable: false, writable: true, configurable: true });
  return wrapped;
}
