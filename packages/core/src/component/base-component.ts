import type { z } from 'zod';
import { parseOptions } from '../options.js';
import type { Component, ComponentJSON, RunContext } from './component.js';
import type { InputSockets, OutputSockets, RunInputs, RunOutputs } from './socket.js';

/**
 * Base class of class-style components: validates the options object with a zod schema at
 * construction (throwing `InvalidOptionsError`), takes the instance's `type` from the class's
 * static `type` (written once: the same name registers the class for YAML with
 * `registry.register(Class)`), and serializes the options in `toJSON()`.
 *
 * `I` and `O` are the socket declarations, and `run` is typed from them: declare the sockets
 * once and write `run(inputs: RunInputs<typeof INPUTS>, ctx?)` returning
 * `Promise<RunOutputs<typeof OUTPUTS>>`. The compiler rejects a `run` whose input names or
 * types disagree with the sockets, or whose result misses a required output or has a wrongly
 * typed one. See docs/writing-components.md; {@link defineComponent} is the shorter function
 * style. `ctx` is optional so components can be called directly in unit tests.
 *
 * ```ts
 * const INPUTS = inputSockets({ text: { schema: z.string() } });
 * const OUTPUTS = outputSockets({ text: { schema: z.string() } });
 * class Upper extends BaseComponent<{}, typeof INPUTS, typeof OUTPUTS> {
 *   static readonly type = 'example.Upper';
 *   readonly inputSockets = INPUTS;
 *   readonly outputSockets = OUTPUTS;
 *   constructor() { super(z.strictObject({}), {}); }
 *   async run({ text }: RunInputs<typeof INPUTS>): Promise<RunOutputs<typeof OUTPUTS>> {
 *     return { text: text.toUpperCase() };
 *   }
 * }
 * ```
 */
export abstract class BaseComponent<
  Opts extends object = Record<string, unknown>,
  I extends InputSockets = InputSockets,
  O extends OutputSockets = OutputSockets,
> implements Component<I, O>
{
  /** Registered type name: the class's static `type`. */
  readonly type: string;
  abstract readonly inputSockets: I;
  abstract readonly outputSockets: O;
  /** The validated options (defaults applied). */
  readonly options: Readonly<Opts>;

  /**
   * @param schema validates `options` (zod; defaults applied)
   * @param owner names the component in option errors. @default the class name
   */
  protected constructor(schema: z.ZodType<Opts, unknown>, options: unknown, owner?: string) {
    const type = (new.target as unknown as { type?: unknown }).type;
    this.type = typeof type === 'string' ? type : new.target.name;
    this.options = Object.freeze(parseOptions(schema, options, owner ?? new.target.name));
  }

  abstract run(inputs: RunInputs<I>, ctx?: RunContext): Promise<RunOutputs<O>>;

  /** `{ type, options }` with JSON-safe options. Override when options hold live objects. */
  toJSON(): ComponentJSON {
    return { type: this.type, options: JSON.parse(JSON.stringify(this.options)) as Record<string, unknown> };
  }
}
