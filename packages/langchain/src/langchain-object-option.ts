import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseRetrieverInterface } from '@langchain/core/retrievers';
import { type ComponentJSON, SerializationError } from '@synapse-rag/core';
import { z } from 'zod';
import type { LangChainObjectRegistry } from './langchain-object-registry.js';

/** A zod option accepting a live LangChain object (checked with `guard`) or the name it is registered under. */
export function langChainObjectOption<T extends object>(guard: (value: unknown) => value is T, what: string) {
  const message = `must be a ${what} or the name it is registered under in a LangChainObjectRegistry`;
  return z.union([z.string().min(1), z.custom<T>(guard, { message })], { error: message });
}

/** A resolved LangChain object and the name that serializes it (if it has one). */
export interface ResolvedLangChainObject<T> {
  object: T;
  name: string | undefined;
}

/** Looks a name up (throwing `SerializationError` when unknown or of the wrong kind), or takes the object as given. */
export function resolveLangChainObject<T extends object>(
  value: T | string,
  objects: LangChainObjectRegistry,
  guard: (value: unknown) => value is T,
  what: string,
): ResolvedLangChainObject<T> {
  if (typeof value !== 'string') return { object: value, name: objects.nameOf(value) };
  const found = objects.get(value, what);
  if (!guard(found)) throw new SerializationError(`The object registered as "${value}" is not a ${what}.`, { name: value });
  return { object: found, name: value };
}

/** The name to write into `toJSON()`; throws a `SerializationError` that says how to make the object serializable. */
export function serializedName(
  resolved: ResolvedLangChainObject<object>,
  objects: LangChainObjectRegistry,
  owner: string,
): string {
  const name = resolved.name ?? objects.nameOf(resolved.object);
  if (name === undefined) {
    const className = resolved.object.constructor?.name ?? 'object';
    throw new SerializationError(
      `${owner} wraps a LangChain ${className} that has no registered name, and a live LangChain object cannot be written to JSON. Register it first — defaultLangChainObjects.register('my-${className.toLowerCase()}', obj) — and register it again under that name in the process that loads the pipeline.`,
      { owner, className },
    );
  }
  return name;
}

/**
 * `toJSON()` of a component whose option `key` holds a LangChain object: that option written as
 * the object's registered `name`, the others made JSON-safe (function options are dropped).
 */
export function componentJSONWithName(type: string, options: object, key: string, name: string): ComponentJSON {
  const { [key]: _live, ...rest } = options as Record<string, unknown>;
  return { type, options: { [key]: name, ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>) } };
}

export function isEmbeddings(value: unknown): value is EmbeddingsInterface {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { embedQuery?: unknown }).embedQuery === 'function' &&
    typeof (value as { embedDocuments?: unknown }).embedDocuments === 'function'
  );
}

export function isRetriever(value: unknown): value is BaseRetrieverInterface {
  return typeof value === 'object' && value !== null && typeof (value as { invoke?: unknown }).invoke === 'function';
}
