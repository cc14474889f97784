import { SerializationError } from '@synapse-rag/core';

/**
 * Names live LangChain objects (embeddings, retrievers) so components wrapping them can be
 * serialized: `toJSON()` records the name, and loading the JSON looks the object up again.
 * An arbitrary LangChain object cannot be written to JSON (it holds clients, credentials,
 * closures), so register it under a name in the process that loads the pipeline:
 *
 * ```ts
 * defaultLangChainObjects.register('embeddings', new OllamaEmbeddings({ model: 'nomic-embed-text' }));
 * const embedder = new LangChainTextEmbedder({ embeddings: 'embeddings' }); // or pass the object itself
 * Pipeline.fromJSON(json); // finds "embeddings" again
 * ```
 */
export class LangChainObjectRegistry {
  private readonly byName = new Map<string, object>();

  /** Registers (or replaces) `object` under `name`. */
  register(name: string, object: object): this {
    if (name.length === 0) throw new SerializationError('A LangChain object needs a non-empty name.');
    this.byName.set(name, object);
    return this;
  }

  unregister(name: string): boolean {
    return this.byName.delete(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The object registered under `name`; throws `SerializationError` naming the fix when there is none. */
  get(name: string, what = 'LangChain object'): object {
    const found = this.byName.get(name);
    if (found === undefined) {
      throw new SerializationError(
        `No ${what} is registered as "${name}" (registered: ${this.names().join(', ') || 'none'}). Register it before creating or loading the component: defaultLangChainObjects.register(${JSON.stringify(name)}, obj).`,
        { name },
      );
    }
    return found;
  }

  /** The name `object` is registered under (identity), if any. */
  nameOf(object: object): string | undefined {
    for (const [name, o] of this.byName) if (o === object) return name;
    return undefined;
  }
}

/** The registry components use unless given another one. */
export const defaultLangChainObjects = new LangChainObjectRegistry();
