/**
 * Small components used by the pipeline engine's tests (not part of the package).
 */
import { z } from 'zod';
import type { Component, RunContext } from '../src/component/component.js';
import { Registry } from '../src/component/registry.js';
import type { InputSockets, OutputSockets } from '../src/component/socket.js';

type Out = Record<string, unknown>;

/** A component built from a run function (options are serialized as given). */
export class TestComponent implements Component {
  readonly runs: Record<string, unknown>[] = [];
  constructor(
    readonly type: string,
    readonly inputSockets: InputSockets,
    readonly outputSockets: OutputSockets,
    private readonly fn: (inputs: Record<string, unknown>, ctx: RunContext) => Promise<Out> | Out,
    readonly options: Record<string, unknown> = {},
  ) {}
  async run(inputs: Record<string, unknown>, ctx: RunContext): Promise<Out> {
    this.runs.push(inputs);
    return this.fn(inputs, ctx);
  }
  toJSON() {
    return { type: this.type, options: this.options };
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason ?? new Error('aborted'));
      },
      { once: true },
    );
  });

/** `text: string` → `text: string` (upper-cased, optional suffix, optional delay in ms). */
export function upper(options: { suffix?: string; delayMs?: number } = {}): TestComponent {
  return new TestComponent(
    'test.Upper',
    { text: { schema: z.string() } },
    { text: { schema: z.string() } },
    async ({ text }, ctx) => {
      if (options.delayMs) await sleep(options.delayMs, ctx.signal);
      return { text: `${String(text).toUpperCase()}${options.suffix ?? ''}` };
    },
    options,
  );
}

/** `parts: string (variadic)` → `text: string` joined with `separator`. */
export function concat(options: { separator?: string } = {}): TestComponent {
  return new TestComponent(
    'test.Concat',
    { parts: { schema: z.string(), variadic: true } },
    { text: { schema: z.string() } },
    ({ parts }) => ({ text: (parts as string[]).join(options.separator ?? '+') }),
    options,
  );
}

/** `value: number` → `low` when below `threshold`, else `high`. */
export function router(options: { threshold: number }): TestComponent {
  return new TestComponent(
    'test.Router',
    { value: { schema: z.number() } },
    { low: { schema: z.number() }, high: { schema: z.number() } },
    ({ value }) => ((value as number) < options.threshold ? { low: value } : { high: value }),
    options,
  );
}

/** `value: number` → `value: string` formatted with a label. */
export function label(options: { name: string }): TestComponent {
  return new TestComponent(
    'test.Label',
    { value: { schema: z.number() } },
    { text: { schema: z.string() } },
    ({ value }) => ({ text: `${options.name}:${value}` }),
    options,
  );
}

/** Loop body: `values: number (variadic)` → `value` = last + step. */
export function increment(options: { step?: number } = {}): TestComponent {
  return new TestComponent(
    'test.Increment',
    { values: { schema: z.number(), variadic: true } },
    { value: { schema: z.number() } },
    ({ values }) => ({ value: ((values as number[]).at(-1) ?? 0) + (options.step ?? 1) }),
    options,
  );
}

/** Loop exit: `value: number` → `again` while below `limit`, then `done`. */
export function check(options: { limit: number }): TestComponent {
  return new TestComponent(
    'test.Check',
    { value: { schema: z.number() } },
    { again: { schema: z.number() }, done: { schema: z.number() } },
    ({ value }) => ((value as number) < options.limit ? { again: value } : { done: value }),
    options,
  );
}

/** A private registry with every test component type. */
export function testRegistry(): Registry {
  const registry = new Registry();
  registry.registerComponent('test.Upper', (o) => upper(o as { suffix?: string }));
  registry.registerComponent('test.Concat', (o) => concat(o as { separator?: string }));
  registry.registerComponent('test.Router', (o) => router(o as { threshold: number }));
  registry.registerComponent('test.Label', (o) => label(o as { name: string }));
  registry.registerComponent('test.Increment', (o) => increment(o as { step?: number }));
  registry.registerComponent('test.Check', (o) => check(o as { limit: number }));
  return registry;
}

/** The error `promise` rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the run to reject');
}
