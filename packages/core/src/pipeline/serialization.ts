import { z } from 'zod';
import { SerializationError } from '../errors.js';

/** JSON form of a pipeline, as produced by `Pipeline.toJSON()`. */
export interface PipelineJSON {
  metadata: Record<string, unknown>;
  maxRunsPerComponent: number;
  /** Component name → `{ type, options }` (the component's own `toJSON()`). */
  components: Record<string, { type: string; options: Record<string, unknown> }>;
  /** Fully qualified: `{ sender: "a.out", receiver: "b.in" }`, in connection order. */
  connections: { sender: string; receiver: string }[];
}

/** zod schema of {@link PipelineJSON}; `metadata`, `maxRunsPerComponent` and `connections` may be omitted. */
export const PipelineJSONSchema = z.strictObject({
  metadata: z.record(z.string(), z.unknown()).default({}),
  maxRunsPerComponent: z.number().int().positive().default(100),
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

/** Validates the shape of a serialised pipeline; throws {@link SerializationError} naming each bad path. */
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
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new SerializationError(`Invalid pipeline definition at ${path}: ${message}`, { path });
  Object.defineProperty(wrapped, 'cause', { value: error, enumerable: false, writable: true, configurable: true });
  return wrapped;
}
