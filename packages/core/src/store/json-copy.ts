import type { Document, JsonValue, Meta } from '../document.js';
import { InvalidDocumentError } from '../errors.js';

function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  // `__proto__` arriving as an own key (e.g. from JSON.parse) must stay data, not a prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function copyJsonChecked(value: unknown, where: () => string, depth: number): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value as JsonValue;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidDocumentError(`${where()} is ${value}; meta numbers must be finite.`);
    return value;
  }
  if (depth > 100) throw new InvalidDocumentError(`${where()} is nested more than 100 levels deep (cyclic meta?).`);
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new InvalidDocumentError(`${where()}[${i}] is undefined; use null.`);
      return copyJsonChecked(item, () => `${where()}[${i}]`, depth + 1);
    });
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const hint = value instanceof Date ? ' Store dates as ISO 8601 strings (date.toISOString()).' : '';
      throw new InvalidDocumentError(
        `${where()} is a ${proto?.constructor?.name ?? 'non-plain'} object; meta must be JSON.${hint}`,
      );
    }
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue; // like JSON.stringify
      setOwn(
        out,
        key,
        copyJsonChecked(item, () => `${where()}.${key}`, depth + 1),
      );
    }
    return out;
  }
  throw new InvalidDocumentError(`${where()} is a ${typeof value}; meta values must be JSON.`);
}

/** Deep copy of already-valid JSON (no checks). */
export function copyJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => copyJson(v)) as T;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyJson((value as Record<string, JsonValue>)[key]!));
  return out as T;
}

/**
 * Validates one incoming document and returns a private deep copy of id, content and meta
 * (without `score`); the embedding array is passed through for the store to copy.
 * Throws {@link InvalidDocumentError} naming the document (by id, or by position).
 */
export function copyIncomingDocument(input: unknown, position: number): Document {
  if (input === null || typeof input !== 'object') {
    throw new InvalidDocumentError(`Document #${position} is not an object.`, { position });
  }
  const doc = input as Partial<Document>;
  if (typeof doc.id !== 'string' || doc.id.length === 0) {
    throw new InvalidDocumentError(`Document #${position} has no id; ids must be non-empty strings.`, { position });
  }
  const id = doc.id;
  if (typeof doc.content !== 'string') {
    throw new InvalidDocumentError(`Document ${id}: content must be a string.`, { id });
  }
  let meta: Meta = {};
  if (doc.meta !== undefined && doc.meta !== null) {
    if (typeof doc.meta !== 'object' || Array.isArray(doc.meta)) {
      throw new InvalidDocumentError(`Document ${id}: meta must be a JSON object.`, { id });
    }
    meta = copyJsonChecked(doc.meta, () => `Document ${id}: meta`, 0) as Meta;
  }
  const out: Document = { id, content: doc.content, meta };
  if (doc.embedding !== undefined && doc.embedding !== null) {
    const e: unknown = doc.embedding;
    if (ArrayBuffer.isView(e) && !(e instanceof DataView) && !(e instanceof BigInt64Array) && !(e instanceof BigUint64Array)) {
      out.embedding = Array.from(e as Float32Array); // typed arrays from model runtimes
    } else if (Array.isArray(e)) {
      // Not copied here: the store copies it into a Float64Array in the same synchronous step.
      out.embedding = e as number[];
    } else {
      throw new InvalidDocumentError(`Document ${id}: embedding must be an array of numbers.`, { id });
    }
    if (out.embedding.length === 0) {
      throw new InvalidDocumentError(`Document ${id}: embedding is empty; omit it instead.`, { id });
    }
  }
  return out;
}

/** Copy of a stored document for callers (they may mutate it freely). */
export function copyStoredDocument(doc: Document, withEmbedding = true): Document {
  const out: Document = { id: doc.id, content: doc.content, meta: copyJson(doc.meta) };
  if (withEmbedding && doc.embedding !== undefined) out.embedding = doc.embedding.slice();
  return out;
}
