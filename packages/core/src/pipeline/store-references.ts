import type { AnyComponent } from '../component/component.js';
import type { Registry } from '../component/registry.js';
import { SerializationError } from '../errors.js';
import { type DocumentStore, isDocumentStore, isInProcessDocumentStore } from '../store/document-store.js';
import { type PipelineDumpOptions, type PipelineJSON, type SerializedStore, serializationErrorAt } from './serialization.js';

/**
 * Stores inside pipelines are serialized ONCE, at the top (`stores: { name: { type, options } }`),
 * and a component's option that held the store becomes `{ $store: name }`. Haystack writes a store
 * into every component that uses it, so two retrievers sharing one store load with two stores
 * (and an in-memory store's documents are lost silently); here identity survives loading and an
 * in-memory store's documents are saved on request, or reported when they are not.
 */
const REF = '$store';

/** A reference to an entry of `stores`. */
export interface StoreReference {
  $store: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isReference(value: unknown): value is StoreReference {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value[REF] === 'string';
}

/**
 * `json` (a component's serialized options) with every serialized store replaced by a reference.
 * A store is recognized where the component's live options hold a {@link DocumentStore} under the
 * same key and the JSON there is that store's `{ type, … }`; anything else is kept as written.
 */
function replaceStores(live: unknown, json: unknown, name: (store: DocumentStore, key: string) => string): unknown {
  if (Array.isArray(json) && Array.isArray(live)) return json.map((item, i) => replaceStores(live[i], item, name));
  if (!isPlainObject(json) || typeof live !== 'object' || live === null) return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const held = (live as Record<string, unknown>)[key];
    const sameStore = isDocumentStore(held) && isPlainObject(value) && value.type === held.toJSON().type;
    out[key] = sameStore ? { [REF]: name(held, key) } : replaceStores(held, value, name);
  }
  return out;
}

function emitWarning(message: string): void {
  process.emitWarning(message, { code: 'SYNAPSE_DOCUMENTS_NOT_SAVED' });
}

/**
 * The `components` and `stores` sections of a pipeline's JSON. Stores are named after the option
 * that first holds them (`documentStore`, then `documentStore_2`, …). In-process stores' documents
 * are saved with `includeDocuments: true`; with `undefined` each such store holding documents is
 * reported through `onWarning`.
 */
export function serializeComponents(
  components: ReadonlyMap<string, AnyComponent>,
  options: PipelineDumpOptions = {},
): Pick<PipelineJSON, 'components' | 'stores'> {
  const names = new Map<DocumentStore, string>();
  const users = new Map<string, string[]>();
  const stores: Record<string, SerializedStore> = {};
  const out: PipelineJSON['components'] = {};
  for (const [componentName, component] of components) {
    const json = component.toJSON();
    const name = (store: DocumentStore, key: string): string => {
      let storeName = names.get(store);
      if (storeName === undefined) {
        storeName = key;
        for (let i = 2; storeName in stores; i++) storeName = `${key}_${i}`;
        const { type, options: storeOptions } = store.toJSON();
        stores[storeName] = { type, options: storeOptions ?? {} };
        names.set(store, storeName);
        users.set(storeName, []);
      }
      const using = users.get(storeName) as string[];
      if (!using.includes(componentName)) using.push(componentName);
      return storeName;
    };
    const live = (component as { options?: unknown }).options;
    out[componentName] = { type: json.type, options: replaceStores(live, json.options ?? {}, name) as Record<string, unknown> };
  }
  for (const [store, storeName] of names) {
    if (!isInProcessDocumentStore(store) || options.includeDocuments === false) continue;
    const documents = store.snapshotDocuments();
    if (documents.length === 0) continue;
    if (options.includeDocuments === true) {
      (stores[storeName] as SerializedStore).documents = documents;
    } else {
      (options.onWarning ?? emitWarning)(
        `Pipeline.toJSON / dumps: store "${storeName}" (${stores[storeName]?.type}, used by ${users.get(storeName)?.join(', ')}) holds ${documents.length} document(s) that are NOT saved; the loaded pipeline starts with an empty store. Pass { includeDocuments: true } to save them with the pipeline, or { includeDocuments: false } to leave them out without this warning.`,
      );
    }
  }
  return names.size === 0 ? { components: out } : { stores, components: out };
}

/** Creates each store of a pipeline's `stores` section once (and writes back saved documents). */
export function instantiateStores(stores: PipelineJSON['stores'], registry: Registry): Map<string, DocumentStore> {
  const live = new Map<string, DocumentStore>();
  for (const [name, spec] of Object.entries(stores ?? {})) {
    try {
      const store = registry.createStore({ type: spec.type, options: spec.options });
      if (spec.documents !== undefined) {
        if (!isInProcessDocumentStore(store)) {
          throw new SerializationError(`a store of type "${spec.type}" does not take saved documents.`, { type: spec.type });
        }
        store.restoreDocuments(spec.documents);
      }
      live.set(name, store);
    } catch (error) {
      throw serializationErrorAt(`stores.${name}`, error);
    }
  }
  return live;
}

/**
 * `options` with every `{ $store: name }` replaced by the live store of that name (the same
 * object for every component); SerializationError at the reference's path for an unknown name.
 */
export function resolveStoreReferences(
  options: Record<string, unknown>,
  stores: ReadonlyMap<string, DocumentStore>,
  path: string,
): Record<string, unknown> {
  const resolve = (value: unknown, at: string): unknown => {
    if (isReference(value)) {
      const store = stores.get(value[REF]);
      if (store === undefined) {
        const known = [...stores.keys()].join(', ') || 'none';
        throw new SerializationError(
          `Invalid pipeline definition at ${at}: no store "${value[REF]}" in the pipeline's stores (defined: ${known}).`,
          { path: at },
        );
      }
      return store;
    }
    if (Array.isArray(value)) return value.map((item, i) => resolve(item, `${at}[${i}]`));
    if (!isPlainObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${at}.${k}`)]));
  };
  return resolve(options, path) as Record<string, unknown>;
}
