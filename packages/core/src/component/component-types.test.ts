/**
 * One source of truth per component: `run` is typed from the socket declarations, and a `run`
 * that disagrees with them does not compile. The `@ts-expect-error` lines are checked by
 * `tsc -p tsconfig.json` (`npm run typecheck`): each one fails the type-check if the line
 * below it ever compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Document } from '../document.js';
import { BaseComponent } from './base-component.js';
import type { AnyComponent, Component, RunContext } from './component.js';
import { defineComponent } from './define-component.js';
import { Registry } from './registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from './socket.js';
import { SocketSchemas } from './socket-schemas.js';

const INPUTS = inputSockets({
  query: { schema: SocketSchemas.text },
  topK: { schema: SocketSchemas.topK, optional: true },
  separator: { schema: z.string(), optional: true, default: ' ' },
  parts: { schema: z.string(), variadic: true },
});
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents },
  note: { schema: z.string(), optional: true },
});
const NO_OPTIONS = z.strictObject({});

describe('RunInputs / RunOutputs', () => {
  it('derive what run receives and returns from the sockets', () => {
    expectTypeOf<RunInputs<typeof INPUTS>>().toEqualTypeOf<{
      query: string;
      separator: string;
      parts: string[];
      topK?: number;
    }>();
    expectTypeOf<RunOutputs<typeof OUTPUTS>>().toEqualTypeOf<{ documents: Document[]; note?: string }>();
  });
});

describe('class style: BaseComponent<Opts, I, O>', () => {
  class Good extends BaseComponent<Record<string, never>, typeof INPUTS, typeof OUTPUTS> {
    static readonly type = 'test.Good';
    readonly inputSockets = INPUTS;
    readonly outputSockets = OUTPUTS;
    constructor() {
      super(NO_OPTIONS, {});
    }
    async run(inputs: RunInputs<typeof INPUTS>, _ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
      return { documents: [{ id: inputs.query, content: inputs.parts.join(inputs.separator), meta: {} }] };
    }
  }

  it('takes the instance type from the static type and runs', async () => {
    const good = new Good();
    expect(good.type).toBe('test.Good');
    expect((await good.run({ query: 'q', parts: ['a', 'b'], separator: '+' })).documents[0]?.content).toBe('a+b');
    const registry = new Registry().register(Good);
    expect(registry.createComponent({ type: 'test.Good', options: {} })).toBeInstanceOf(Good);
    const component: Component<typeof INPUTS, typeof OUTPUTS> = good;
    const erased: AnyComponent = good;
    expect(erased).toBe(component);
  });

  it('rejects a run whose inputs or outputs disagree with the sockets', () => {
    abstract class Base extends BaseComponent<Record<string, never>, typeof INPUTS, typeof OUTPUTS> {
      static readonly type = 'test.Bad';
      readonly inputSockets = INPUTS;
      readonly outputSockets = OUTPUTS;
    }
    abstract class MisspelledInput extends Base {
      // @ts-expect-error -- `qurey` is not an input socket (and `query` is missing)
      override async run(inputs: { qurey: string; parts: string[] }): Promise<RunOutputs<typeof OUTPUTS>> {
        return { documents: [{ id: inputs.qurey, content: '', meta: {} }] };
      }
    }
    abstract class WrongInputType extends Base {
      // @ts-expect-error -- `topK` is a number socket
      override async run(inputs: { query: string; topK?: string; parts: string[] }): Promise<RunOutputs<typeof OUTPUTS>> {
        return { documents: [{ id: inputs.query, content: inputs.topK ?? '', meta: {} }] };
      }
    }
    abstract class MissingOutput extends Base {
      // @ts-expect-error -- `documents` is a required output (not declared optional)
      override async run(): Promise<{ note: string }> {
        return { note: 'forgot the documents' };
      }
    }
    abstract class WrongOutputType extends Base {
      // @ts-expect-error -- `documents` must be Document[]
      override async run(): Promise<{ documents: string[] }> {
        return { documents: ['not a document'] };
      }
    }
    expect([MisspelledInput, WrongInputType, MissingOutput, WrongOutputType]).toHaveLength(4);
  });
});

describe('function style: defineComponent', () => {
  it('types run from the declaration and checks its result', async () => {
    const Upper = defineComponent({
      type: 'test.Upper',
      inputs: { text: { schema: z.string() } },
      outputs: { text: { schema: z.string() } },
      options: z.strictObject({ suffix: z.string().default('') }),
      run: async ({ text }, { options }) => ({ text: text.toUpperCase() + options.suffix }),
    });
    expect(Upper.type).toBe('test.Upper');
    expect(await new Upper({ suffix: '!' }).run({ text: 'hi' })).toEqual({ text: 'HI!' });
    expect(new Upper().toJSON()).toEqual({ type: 'test.Upper', options: { suffix: '' } });
    expect(new Registry().register(Upper).createComponent({ type: 'test.Upper', options: {} }).type).toBe('test.Upper');

    const typos = () => [
      defineComponent({
        type: 'test.Bad',
        inputs: { text: { schema: z.string() } },
        outputs: { text: { schema: z.string() } },
        // @ts-expect-error -- `txt` is not an input socket
        run: ({ txt }) => ({ text: txt }),
      }),
      defineComponent({
        type: 'test.Bad',
        inputs: { text: { schema: z.string() } },
        outputs: { text: { schema: z.string() } },
        // @ts-expect-error -- the output `text` must be a string
        run: ({ text }) => ({ text: text.length }),
      }),
      defineComponent({
        type: 'test.Bad',
        inputs: { text: { schema: z.string() } },
        outputs: { text: { schema: z.string() }, count: { schema: z.number() } },
        // @ts-expect-error -- the required output `count` is missing
        run: ({ text }) => ({ text }),
      }),
      // @ts-expect-error -- options that the schema rejects do not compile either
      new Upper({ suffix: 3 }),
    ];
    expect(typos).toBeTypeOf('function');
  });
});
