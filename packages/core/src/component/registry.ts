import { SerializationError } from '../errors.js';
import type { DocumentStore, SerializedObject } from '../store/document-store.js';
import type { AnyComponent } from './component.js';

export type ComponentFactory = (options: Record<string, unknown>, registry: Registry) => AnyComponent;
export type StoreFactory = (options: Record<string, unknown>, registry: Registry) => DocumentStore;

/**
 * A component class as {@link Registry.register} takes it: its static `type` (the name the
 * instances report) and a constructor taking the options object. Classes whose serialized
 * options need the registry (a store to re-create) add a static `fromJSONOptions`.
 */
export interface ComponentClass {
  readonly type: string;
  new (options: never): AnyComponent;
  fromJSONOptions?(options: Record<string, unknown>, registry: Registry): AnyComponent;
}

/**
 * Maps serialized type names to factories, for `Pipeline.fromJSON` / YAML loading.
 * Packages register their components and stores in {@link defaultRegistry} when imported;
 * pass your own registry to `fromJSON` to control exactly what may be instantiated.
 */
export class Registry {
  private readonly components = new Map<string, ComponentFactory>();
  private readonly stores = new Map<string, StoreFactory>();

  /**
   * Registers a component class under its static `type` (the name written once in the class):
   * it is created with `Class.fromJSONOptions(options, registry)` when defined, else
   * `new Class(options)` (the constructor validates the options).
   */
  register(componentClass: ComponentClass): this {
    const create = componentClass.fromJSONOptions;
    const Ctor = componentClass as unknown as new (options: Record<string, unknown>) => AnyComponent;
    return this.registerComponent(
      componentClass.type,
      create ? (options, registry) => create.call(componentClass, options, registry) : (options) => new Ctor(options),
    );
  }

  /** Registers a factory for a component type name (when a class and its constructor do not fit). */
  registerComponent(type: string, factory: ComponentFactory): this {
    this.components.set(type, factory);
    return this;
  }

  registerStore(type: string, factory: StoreFactory): this {
    this.stores.set(type, factory);
    return this;
  }

  hasComponent(type: string): boolean {
    return this.components.has(type);
  }

  componentTypes(): string[] {
    return [...this.components.keys()].sort();
  }

  storeTypes(): string[] {
    return [...this.stores.keys()].sort();
  }

  createComponent(json: SerializedObject): AnyComponent {
    const factory = this.components.get(json.type);
    if (!factory) {
      throw new SerializationError(
        `Unknown component type "${json.type}". Import the package that defines it (registered: ${this.componentTypes().join(', ') || 'none'}).`,
        { type: json.type },
      );
    }
    return factory(json.options ?? {}, this);
  }

  createStore(json: SerializedObject): DocumentStore {
    const factory = this.stores.get(json.type);
    if (!factory) {
      throw new SerializationError(
        `Unknown document store type "${json.type}". Import the package that defines it (registered: ${this.storeTypes().join(', ') || 'none'}).`,
        { type: json.type },
      );
    }
    return factory(json.options ?? {}, this);
  }
}

/** The registry used when none is passed. */
export const defaultRegistry = new Registry();
