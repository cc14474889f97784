import { createHash } from 'node:crypto';
import { type Document, isIsoDate, type JsonValue, type Meta, parseIsoDate } from '@synapse-rag/core';
import type { Metadata } from 'chromadb';

/*
 * Reversible encoding of a Synapse document's metadata (any JSON object) into Chroma metadata (a
 * flat map of string / integer / float / boolean; Chroma 1.0 drops `null` values, rejects lists,
 * objects and empty maps, and silently drops keys starting with `chroma:`), built so that EVERY
 * core filter can be evaluated exactly inside Chroma. See the package README for the full table.
 *
 * User values, one Chroma key per leaf path:
 * - nested objects are flattened: `{ author: { name: "A" } }` → key `author.name`; dots and
 *   backslashes inside a key are escaped (`a.b` as a single key → `a\.b`), so paths never collide;
 * - strings, finite numbers and booleans are stored natively (filters run on them), except
 *   strings starting with `synapse:`, stored as `synapse:str:<string>`;
 * - `null`, lists and empty objects are stored as `synapse:json:<JSON>`;
 * - a path that starts with `chroma:` or `synapse:` is stored under `synapse:key:<path>`.
 *
 * Shadow keys (dropped when decoding):
 * - `synapse:v` = 1 marks a record written by Synapse (records without it are "foreign");
 * - `synapse:id` = the id, `synapse:content` = SHA-256 (base64url) of the content, so id and
 *   content conditions can sit inside OR / NOT with metadata conditions;
 * - `synapse:type:<path>` = the kind of a non-null value at a path (`s` string, `d` ISO 8601 date
 *   string, `n` number, `b` boolean, `l` list, `o` object — also for intermediate objects): Chroma
 *   has no `$exists`, so "null or missing" is "no type key", and NOT (x > 5) is "not a number, or ≤ 5";
 * - `synapse:date:<path>` = epoch milliseconds of an ISO 8601 date string (Chroma orders numbers
 *   only); `synapse:type#id` / `synapse:date#id` and `…#content` do the same for id and content
 *   when they are ISO dates.
 */

/** Marker key: present (value {@link ENCODING_VERSION}) on every record written by Synapse. */
export const MARKER_KEY = 'synapse:v';
export const ENCODING_VERSION = 1;
export const ID_KEY = 'synapse:id';
export const CONTENT_HASH_KEY = 'synapse:content';
/** Prefix of every key the codec adds or rewrites. */
export const RESERVED_KEY_PREFIX = 'synapse:';
/** Prefix of user paths that had to be renamed (they start with `chroma:` or `synapse:`). */
export const ESCAPED_KEY_PREFIX = 'synapse:key:';
export const TYPE_KEY_PREFIX = 'synapse:type:';
export const DATE_KEY_PREFIX = 'synapse:date:';
/** Values starting with this prefix are encoded. */
export const ENCODED_VALUE_PREFIX = 'synapse:';
export const JSON_VALUE_PREFIX = 'synapse:json:';
export const ESCAPED_STRING_PREFIX = 'synapse:str:';

/** Kinds recorded under `synapse:type:<path>`. */
export const VALUE_KINDS = ['s', 'd', 'n', 'b', 'l', 'o'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Chroma keys of one filterable field: its value, its kind and its date shadow. */
export interface FieldKeys {
  value: string;
  type: string;
  date: string;
}

const escapeSegment = (segment: string) => segment.replace(/\\/g, '\\\\').replace(/\./g, '\\.');

/** The Chroma key of a metadata path (`["author", "name"]` → `author.name`). */
export function pathKey(path: readonly string[]): string {
  const joined = path.map(escapeSegment).join('.');
  return joined.startsWith('chroma:') || joined.startsWith(RESERVED_KEY_PREFIX) ? ESCAPED_KEY_PREFIX + joined : joined;
}

/** The keys used for a metadata path. */
export function metaFieldKeys(path: readonly string[]): FieldKeys {
  const value = pathKey(path);
  return { value, type: TYPE_KEY_PREFIX + value, date: DATE_KEY_PREFIX + value };
}

/** The keys used for `id` and `content` (the content value key holds a hash). */
export const ID_FIELD_KEYS: FieldKeys = { value: ID_KEY, type: 'synapse:type#id', date: 'synapse:date#id' };
export const CONTENT_FIELD_KEYS: FieldKeys = {
  value: CONTENT_HASH_KEY,
  type: 'synapse:type#content',
  date: 'synapse:date#content',
};

/** SHA-256 (base64url) of a content string, as stored under `synapse:content`. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('base64url');
}

/** Splits a Chroma key into path segments at unescaped dots. */
function splitKey(key: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch === '\\' && i + 1 < key.length) {
      current += key[++i];
    } else if (ch === '.') {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  return segments;
}

/** How a string (as a value or a filter operand) is stored in Chroma. */
export function encodeString(value: string): string {
  return value.startsWith(ENCODED_VALUE_PREFIX) ? ESCAPED_STRING_PREFIX + value : value;
}

/** Encodes one leaf value. */
export function encodeValue(value: JsonValue): string | number | boolean {
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return JSON_VALUE_PREFIX + JSON.stringify(value);
}

/** Decodes one stored leaf value of a Synapse record. */
export function decodeValue(value: unknown): JsonValue {
  if (typeof value === 'string') {
    if (value.startsWith(ESCAPED_STRING_PREFIX)) return value.slice(ESCAPED_STRING_PREFIX.length);
    if (value.startsWith(JSON_VALUE_PREFIX)) {
      try {
        return JSON.parse(value.slice(JSON_VALUE_PREFIX.length)) as JsonValue;
      } catch {
        return value;
      }
    }
    return value;
  }
  return plainValue(value);
}

function plainValue(value: unknown): JsonValue {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' || value === null) return value;
  // Chroma ≥ 1.1 can return lists (and sparse vectors) for foreign records; keep them as JSON.
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function kindOf(value: JsonValue): ValueKind | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return isIsoDate(value) ? 'd' : 's';
  if (typeof value === 'number') return 'n';
  if (typeof value === 'boolean') return 'b';
  return Array.isArray(value) ? 'l' : 'o';
}

function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function encodeTree(out: Metadata, node: { [key: string]: JsonValue }, prefix: string[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    const path = [...prefix, key];
    const keys = metaFieldKeys(path);
    const kind = kindOf(value);
    if (kind !== undefined) setOwn(out, keys.type, kind);
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      encodeTree(out, value, path);
      continue;
    }
    setOwn(out, keys.value, encodeValue(value));
    if (kind === 'd') setOwn(out, keys.date, parseIsoDate(value as string));
  }
}

/** Encodes a document's metadata plus the shadow keys for Chroma (never empty). */
export function encodeMetadata(doc: Pick<Document, 'id' | 'content' | 'meta'>): Metadata {
  const out: Metadata = {};
  setOwn(out, MARKER_KEY, ENCODING_VERSION);
  setOwn(out, ID_KEY, doc.id);
  setOwn(out, CONTENT_HASH_KEY, contentHash(doc.content));
  for (const [field, keys] of [
    [doc.id, ID_FIELD_KEYS],
    [doc.content, CONTENT_FIELD_KEYS],
  ] as const) {
    if (isIsoDate(field)) {
      setOwn(out, keys.type, 'd');
      setOwn(out, keys.date, parseIsoDate(field));
    }
  }
  encodeTree(out, doc.meta, []);
  return out;
}

/** Whether stored Chroma metadata carries the Synapse marker. */
export function isSynapseRecord(metadata: Record<string, unknown> | null | undefined): boolean {
  return metadata?.[MARKER_KEY] === ENCODING_VERSION;
}

/**
 * Decodes stored Chroma metadata back to {@link Meta}. Records written by another tool (no
 * marker) are returned verbatim: keys are not split at dots and values are not decoded.
 */
export function decodeMetadata(metadata: Record<string, unknown> | null | undefined): Meta {
  const meta: Meta = {};
  if (!metadata) return meta;
  if (!isSynapseRecord(metadata)) {
    for (const [key, value] of Object.entries(metadata)) setOwn(meta, key, plainValue(value));
    return meta;
  }
  for (const [rawKey, value] of Object.entries(metadata)) {
    let key = rawKey;
    if (key.startsWith(RESERVED_KEY_PREFIX)) {
      if (!key.startsWith(ESCAPED_KEY_PREFIX)) continue; // shadow key
      key = key.slice(ESCAPED_KEY_PREFIX.length);
    }
    const path = splitKey(key);
    let node: Meta = meta;
    for (const segment of path.slice(0, -1)) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (isPlainObject(next)) node = next;
      else {
        const child: Meta = {};
        setOwn(node, segment, child);
        node = child;
      }
    }
    setOwn(node, path[path.length - 1]!, decodeValue(value));
  }
  return meta;
}
