import { z } from 'zod';
import { BaseComponent } from './base-component.js';
import { type RunContext, standaloneContext } from './component.js';
import type { InputSockets, OutputSockets, RunInputs, RunOutputs } from './socket.js';

/** Schema of a defined component's options (a zod object schema, usually `z.strictObject`). */
export type OptionsSchema = z.ZodType<object, unknown>;

/** What `run` of a {@link defineComponent} component receives next to its inputs. */
export interface DefinedRunContext<Opts> extends RunContext {
  /** The validated options of the instance (defaults applied). */
  options: Readonly<Opts>;
}

/** The declaration {@link defineComponent} takes: everything about a component in one place. */
export interface ComponentDefinition<I extends InputSockets, O extends OutputSockets, S extends OptionsSchema> {
  /** Registered type name, e.g. `"acme.Upper"`: the instances' `type` and the registry key. */
  type: string;
  /** Input sockets; `run`'s first parameter is typed from them. */
  inputs: I;
  /** Output sockets; `run` must return every one not declared `optional: true`. */
  outputs: O;
  /** Options schema, validated at construction. @default z.strictObject({}) (no options) */
  options?: S;
  /** The work: inputs in, outputs out. `ctx.options` holds the validated options. */
  run: (inputs: RunInputs<I>, ctx: DefinedRunContext<z.output<S>>) => Promise<RunOutputs<O>> | RunOutputs<O>;
  /** Loads heavy resources once (called by `Pipeline.warmUp()`). */
  warmUp?: (options: Readonly<z.output<S>>) => Promise<void>;
}

/** An instance of a class made by {@link defineComponent}. */
export type DefinedComponent<I extends InputSockets, O extends OutputSockets, Opts extends object> = BaseComponent<Opts, I, O>;

/** The class {@link defineComponent} returns: `new Upper(options)`, and `Upper.type`. */
export interface DefinedComponentClass<I extends InputSockets, O extends OutputSockets, S extends OptionsSchema> {
  readonly type: string;
  new (
    ...options: Record<never, never> extends z.input<S> ? [options?: z.input<S>] : [options: z.input<S>]
  ): DefinedComponent<I, O, z.output<S>>;
}

/**
 * Defines a component from one declaration — the function style of writing a component:
 *
 * ```ts
 * export const Upper = defineComponent({
 *   type: 'acme.Upper',
 *   inputs: { text: { schema: z.string() } },
 *   outputs: { text: { schema: z.string() } },
 *   run: async ({ text }) => ({ text: text.toUpperCase() }),
 * });
 * defaultRegistry.register(Upper); // for YAML / fromJSON
 * const { text } = await new Upper().run({ text: 'hi' }); // 'HI'
 * ```
 *
 * `run`'s inputs are typed from `inputs` (no annotation to keep in sync) and its result is
 * checked against `outputs`. Returns a class extending {@link BaseComponent}, so instances
 * validate their options, serialize with `toJSON()` and can be subclassed.
 */
export function defineComponent<
  const I extends InputSockets,
  const O extends OutputSockets,
  S extends OptionsSchema = z.ZodObject<Record<string, never>, z.core.$strict>,
>(definition: ComponentDefinition<I, O, S>): DefinedComponentClass<I, O, S> {
  const schema = (definition.options ?? z.strictObject({})) as unknown as z.ZodType<z.output<S>, unknown>;
  const owner = definition.type.slice(definition.type.lastIndexOf('.') + 1);
  const { run, warmUp } = definition;
  class Defined extends BaseComponent<z.output<S>, I, O> {
    static readonly type = definition.type;
    readonly inputSockets = definition.inputs;
    readonly outputSockets = definition.outputs;
    readonly warmUp?: () => Promise<void>;

    constructor(options?: z.input<S>) {
      super(schema, options, owner);
      if (warmUp) this.warmUp = () => warmUp(this.options);
    }

    async run(inputs: RunInputs<I>, ctx?: RunContext): Promise<RunOutputs<O>> {
      return run(inputs, { ...(ctx ?? standaloneContext(owner)), options: this.options });
    }
  }
  Object.defineProperty(Defined, 'name', { value: owner });
  return Defined as unknown as DefinedComponentClass<I, O, S>;
}
