import type { z } from 'zod';
import { parseOptions } from '../options.js';
import type { Component, ComponentJSON, RunContext } from './component.js';
import type { InputSockets, OutputSockets } from './socket.js';

/**
 * Convenience base class: validates the options object with a zod schema at construction
 * (throwing `InvalidOptionsError`) and serialises it in `toJSON()`.
 *
 * Subclasses declare `type`, `inputSockets`, `outputSockets` and a precisely typed
 * `run(inputs, ctx?)`; the `ctx` parameter is optional so components can be called directly
 * in unit tests.
 */
export abstract class BaseComponent<Opts extends Record<string, unknown>> implements Component {
  abstract readonly type: string;
  abstract readonly inputSockets: InputSockets;
  abstract readonly outputSockets: OutputSockets;
  /** The validated options (defaults applied). */
  readonly options: Readonly<Opts>;

  protected constructor(schema: z.ZodType<Opts, unknown>, options: unknown, owner: string) {
    this.options = Object.freeze(parseOptions(schema, options, owner));
  }

  // biome-ignore lint/suspicious/noExplicitAny: subclasses narrow the signature.
  abstract run(inputs: any, ctx?: RunContext): Promise<any>;

  /** `{ type, options }` with JSON-safe options. Override when options hold live objects. */
  toJSON(): ComponentJSON {
    return { type: this.type, options: JSON.parse(JSON.stringify(this.options)) as Record<string, unknown> };
  }
}
