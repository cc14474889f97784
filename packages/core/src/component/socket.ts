import type { z } from 'zod';

/** Declares one input socket of a component. */
export interface InputSocketSpec<S extends z.ZodType = z.ZodType> {
  /** Schema of the value one sender delivers (for variadic sockets: of each sender's value). */
  schema: S;
  /** The socket may stay empty; `run` then sees `undefined` (or `default`). @default false */
  optional?: boolean;
  /** Value used when nothing is delivered. Implies optional for callers. */
  default?: z.output<S>;
  /**
   * Fan-in: the socket accepts any number of connections (and/or a pipeline input) and `run`
   * receives an array of the delivered values. `true` (lazy, Haystack's `Variadic`): the
   * component waits until every sender has run and gets all values, in the order the senders
   * ran. `'greedy'` (Haystack's `GreedyVariadic`): it runs as soon as one value arrives, gets
   * that one value (`[value]`), and the socket is emptied. See docs/pipelines.md. @default false
   */
  variadic?: boolean | 'greedy';
  description?: string;
}

/** Declares one output socket of a component. */
export interface OutputSocketSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /**
   * The component does not always produce this output (a router's branches). `run` may leave
   * it out, and a pipeline result types it as possibly missing. Every other output is required
   * in the object `run` returns (the compiler checks it). @default false
   */
  optional?: boolean;
  description?: string;
}

export type InputSockets = Record<string, InputSocketSpec>;
export type OutputSockets = Record<string, OutputSocketSpec>;

/** Value a socket carries into `run` (arrays for variadic sockets). */
export type SocketValue<S extends InputSocketSpec> = S extends { variadic: true } | { variadic: 'greedy' }
  ? z.output<S['schema']>[]
  : z.output<S['schema']>;

type OptionalForCaller<S> = S extends { optional: true } ? true : S extends { default: unknown } ? true : false;
type OptionalInRun<S> = S extends { optional: true } ? (S extends { default: unknown } ? false : true) : false;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a caller passes: sockets with a default or `optional: true` may be omitted. */
export type CallInputs<S extends InputSockets> = Simplify<
  { -readonly [K in keyof S as OptionalForCaller<S[K]> extends true ? never : K]: SocketValue<S[K]> } & {
    -readonly [K in keyof S as OptionalForCaller<S[K]> extends true ? K : never]?: SocketValue<S[K]>;
  }
>;

/** What `run` receives: defaults applied, so only sockets without a default may be undefined. */
export type RunInputs<S extends InputSockets> = Simplify<
  { -readonly [K in keyof S as OptionalInRun<S[K]> extends true ? never : K]: SocketValue<S[K]> } & {
    -readonly [K in keyof S as OptionalInRun<S[K]> extends true ? K : never]?: SocketValue<S[K]>;
  }
>;

/**
 * What `run` returns: every output socket, except that those declared `optional: true` may be
 * left out (omitting a socket means "not produced").
 */
export type RunOutputs<S extends OutputSockets> = Simplify<
  { -readonly [K in keyof S as S[K] extends { optional: true } ? never : K]: z.output<S[K]['schema']> } & {
    -readonly [K in keyof S as S[K] extends { optional: true } ? K : never]?: z.output<S[K]['schema']>;
  }
>;

/** Identity helpers that keep literal socket declarations precisely typed. */
export function inputSockets<const S extends InputSockets>(sockets: S): S {
  return sockets;
}
export function outputSockets<const S extends OutputSockets>(sockets: S): S {
  return sockets;
}
