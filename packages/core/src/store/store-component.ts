import { BaseComponent } from '../component/base-component.js';
import type { ComponentJSON } from '../component/component.js';
import { defaultRegistry, type Registry } from '../component/registry.js';
import type { InputSockets, OutputSockets } from '../component/socket.js';
import { deserializeStore } from './deserialize-store.js';
import type { DocumentStore } from './document-store.js';

// biome-ignore lint/suspicious/noExplicitAny: any store constructor signature.
type StoreClass = abstract new (...args: any[]) => DocumentStore;

/** The statics {@link StoreComponent.fromJSONOptions} reads from the class it is called on. */
interface StoreComponentStatics {
  readonly storeOption: string;
  readonly storeClass: StoreClass | undefined;
  readonly name: string;
}

/**
 * Base of components whose options hold one live document store (retrievers, writers). It does
 * their serialization once: `toJSON()` writes the store with `store.toJSON()` and the other
 * options as JSON, and the static `fromJSONOptions` re-creates the store through the registry
 * ({@link deserializeStore}; a live store, as a pipeline's `$store` reference yields, is kept),
 * so `registry.register(Class)` is all such a component needs for YAML.
 *
 * Subclasses name the option that holds the store (`static storeOption`, default
 * `documentStore`) and the class the re-created store must be (`static storeClass`; default:
 * any {@link DocumentStore}).
 */
export abstract class StoreComponent<
  Opts extends object,
  I extends InputSockets = InputSockets,
  O extends OutputSockets = OutputSockets,
> extends BaseComponent<Opts, I, O> {
  /** The option holding the store. @default "documentStore" */
  static readonly storeOption: string = 'documentStore';
  /** The class a deserialized store must be an instance of. @default undefined (any DocumentStore) */
  static readonly storeClass: StoreClass | undefined = undefined;

  /** `{ type, options }`: the store by `store.toJSON()` (first), the other options JSON-safe. */
  override toJSON(): ComponentJSON {
    const key = (this.constructor as unknown as StoreComponentStatics).storeOption;
    const { [key]: store, ...rest } = this.options as Record<string, unknown>;
    const options = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
    return { type: this.type, options: { [key]: (store as DocumentStore).toJSON(), ...options } };
  }

  /** Re-creates the component from `toJSON().options`, the store through `registry`. */
  static fromJSONOptions<T>(
    this: (new (options: never) => T) & StoreComponentStatics,
    options: Record<string, unknown>,
    registry: Registry = defaultRegistry,
  ): T {
    // `this` is the subclass the factory is called on (its storeOption, storeClass, constructor).
    // biome-ignore lint/complexity/noThisInStatic: the subclass, not StoreComponent itself.
    const cls = this;
    const store = deserializeStore(options[cls.storeOption], registry, cls.storeClass, cls.name);
    return new (cls as unknown as new (options: Record<string, unknown>) => T)({ ...options, [cls.storeOption]: store });
  }
}
