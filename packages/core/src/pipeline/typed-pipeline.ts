import type { AnyComponent } from '../component/component.js';
import type { PipelineInputs, PipelineResult } from './types.js';

/*
 * The types that make a chained pipeline typed: which components it holds (`Cs`), which
 * connections were made (`E`), the names `connect`, `run` and `includeOutputsFrom` accept, and
 * what `run` returns. Pipelines whose components are unknown fall back to the loose types.
 */

/**
 * The components of a `Pipeline<Components>` by name. This default — any name, any component —
 * stands for a pipeline whose components the type system does not know (loaded from JSON/YAML,
 * built statement by statement, or annotated as plain `Pipeline`).
 */
export type PipelineComponents = Record<string, AnyComponent>;

/**
 * One connection as the type system records it: sender component, sender socket (`'*'` when
 * `connect` named only the component and it has several outputs) and receiver component.
 */
export interface WiredEdge<From extends string = string, Socket extends string = string, To extends string = string> {
  from: From;
  socket: Socket;
  to: To;
}

/** The empty object type (`{}`): what an object type with only optional keys accepts. */
type Empty = Record<never, never>;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
type IsAny<T> = 0 extends 1 & T ? true : false;
type RunOutput<C> = C extends { run(...args: never[]): Promise<infer O> } ? O : never;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type ValueOfUnion<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? Exclude<T[K], undefined> : never) : never;
/** Keys `T` always has (required, and not typed `undefined`). */
type PresentKeys<T> = { [K in keyof T]-?: Empty extends Pick<T, K> ? never : undefined extends T[K] ? never : K }[keyof T];
/** Keys present in EVERY member of a union (a router's branches each leave some out). */
type AlwaysKeys<T> = [T] extends [never]
  ? never
  : {
      [K in KeysOfUnion<T>]: [T] extends [T extends unknown ? (K extends PresentKeys<T> ? T : never) : never] ? K : never;
    }[KeysOfUnion<T>];
type Outputs<O> =
  IsAny<O> extends true
    ? Record<string, unknown>
    : string extends KeysOfUnion<O>
      ? Record<string, unknown>
      : Flatten<
          { [K in KeysOfUnion<O> as K extends AlwaysKeys<O> ? K : never]: ValueOfUnion<O, K> } & {
            [K in KeysOfUnion<O> as K extends AlwaysKeys<O> ? never : K]?: ValueOfUnion<O, K>;
          }
        >;

/**
 * The outputs of component `C`, typed from the return type of `C.run`: the sockets it always
 * produces are required, the others (declared `optional: true`, e.g. a router's branches)
 * optional. A union return type — a router written by hand — gives every socket of every
 * member, required only when every member has it. A component whose `run` returns `any` gives
 * `Record<string, unknown>`.
 */
export type ComponentOutputs<C> = Outputs<RunOutput<C>>;

/** The components whose names the type system knows (drops the index signature of {@link PipelineComponents}). */
export type KnownComponents<Cs> = { [K in keyof Cs as string extends K ? never : K]: Cs[K] };

/**
 * `Cs` with component `C` added under `N`: the type `addComponent` returns the pipeline with.
 * A name that is not a literal (`string`, `` `${string}_x` ``) makes the components unknown.
 */
export type WithComponent<Cs, N extends string, C> =
  Empty extends Record<N, 1>
    ? PipelineComponents
    : { [K in keyof KnownComponents<Cs> | N]: K extends N ? C : K extends keyof Cs ? Cs[K] : never };

type Known<Cs> = keyof KnownComponents<Cs> & string;
type SocketsOf<C, Side extends 'inputSockets' | 'outputSockets'> = C extends { readonly [P in Side]: infer S } ? S : never;
/** Socket names of `C` (of every member when `C` is a union of component types). */
type SocketNames<C, Side extends 'inputSockets' | 'outputSockets'> = C extends unknown
  ? keyof SocketsOf<C, Side> & string
  : never;

/** What `includeOutputsFrom` may name: the known components (any string when they are unknown). */
export type IncludeName<Cs> = string extends keyof Cs ? string : Known<Cs>;

/**
 * What `connect` accepts as sender (`"retriever"` or `"retriever.documents"`) or receiver, for
 * a pipeline of components `Cs`: a misspelled component or socket is a type error. Any string
 * when the components are unknown.
 */
export type SocketAddress<Cs, Side extends 'inputSockets' | 'outputSockets'> = string extends keyof Cs
  ? string
  : { [N in Known<Cs>]: N | `${N}.${SocketNames<Cs[N], Side>}` }[Known<Cs>];

type OutputNames<C> = keyof ComponentOutputs<C> & string;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** The edge `connect(sender, receiver)` adds: the sender's socket, `'*'` when it is ambiguous. */
export type EdgeOf<Cs, S extends string, R extends string> = S extends `${infer N}.${infer K}`
  ? WiredEdge<N, K, R extends `${infer T}.${string}` ? T : R>
  : WiredEdge<
      S,
      S extends keyof Cs ? (true extends IsUnion<OutputNames<Cs[S]>> ? '*' : OutputNames<Cs[S]>) : '*',
      R extends `${infer T}.${string}` ? T : R
    >;

/** Output sockets of `C` that are not always produced. */
type OptionalOutputs<C> = Exclude<OutputNames<C>, AlwaysKeys<RunOutput<C>>>;
/** Components fed by an output that may not be produced. */
type FedConditionally<Cs, E> =
  E extends WiredEdge<infer F, infer K, infer T>
    ? F extends keyof Cs
      ? K extends '*'
        ? [OptionalOutputs<Cs[F]>] extends [never]
          ? never
          : T
        : K extends OptionalOutputs<Cs[F]>
          ? T
          : never
      : T
    : never;
type Downstream<E, M> = E extends WiredEdge<infer F, string, infer T> ? (F extends M ? T : never) : never;
/** Components that may not run: downstream (at any depth, up to 16 hops) of an output that may not be produced. */
type MayNotRun<E, M, Depth extends unknown[] = []> = Depth['length'] extends 16
  ? M
  : [Exclude<Downstream<E, M>, M>] extends [never]
    ? M
    : MayNotRun<E, M | Downstream<E, M>, [...Depth, unknown]>;

/** Which of `N`'s outputs a run returns: `'all'` (included), `'open'` or `'maybe'` (socket left unnamed). */
type Connected<E, N, K> = [Extract<E, WiredEdge<N & string, K & string, string>>] extends [never] ? false : true;
type Ambiguous<E, N> = [Extract<E, WiredEdge<N & string, '*', string>>] extends [never] ? false : true;

type Returned<C, N, E, Inc> = N extends Inc
  ? ComponentOutputs<C>
  : Ambiguous<E, N> extends true
    ? Flatten<Partial<ComponentOutputs<C>>>
    : Flatten<{ [K in keyof ComponentOutputs<C> as Connected<E, N, K> extends true ? never : K]: ComponentOutputs<C>[K] }>;

type Surely<C, N, E, Inc> = [PresentKeys<Returned<C, N, E, Inc>>] extends [never] ? false : true;

/**
 * Result of `run()` on a `Pipeline<Cs, E>` built by chaining: one entry per known component
 * that returns something — its open outputs (connected to nothing), or all of them for the
 * components named in `includeOutputsFrom` (`Inc`). An entry is required when the component
 * surely runs (nothing upstream is a router branch that may not be taken) and always produces
 * one of those outputs; its sockets are typed by {@link ComponentOutputs}. So for the README's
 * pipeline `result.joiner.documents` is a `Document[]`, an unknown name is a type error, and a
 * connected output is absent unless included. For a pipeline whose components are unknown
 * (`Pipeline`, the default) this is exactly {@link PipelineResult}.
 */
export type PipelineRunResult<Cs, E = never, Inc = never> = string extends keyof Cs
  ? PipelineResult
  : RunResultOf<Cs, E, Inc, MayNotRun<E, FedConditionally<Cs, E>>>;

type RunResultOf<Cs, E, Inc, M> = Flatten<
  {
    [N in Known<Cs> as N extends M ? never : Surely<Cs[N], N, E, Inc> extends true ? N : never]: Returned<Cs[N], N, E, Inc>;
  } & {
    [N in Known<Cs> as keyof Returned<Cs[N], N, E, Inc> extends never
      ? never
      : N extends M
        ? N
        : Surely<Cs[N], N, E, Inc> extends true
          ? never
          : N]?: Flatten<Partial<Returned<Cs[N], N, E, Inc>>>;
  }
>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type InputValue<Spec> = Spec extends { schema: infer S } ? (S extends { _zod: { output: infer O } } ? O : unknown) : unknown;
type ComponentRunInputs<C> = { [K in SocketNames<C, 'inputSockets'>]?: InputValue<SocketsOf<C, 'inputSockets'>[K]> };
/** A flat value goes to every open socket of its name: it must suit all of them (boxed so unions stay unions). */
type FlatInputs<Cs> = {
  [K in { [N in Known<Cs>]: SocketNames<Cs[N], 'inputSockets'> }[Known<Cs>]]?: UnionToIntersection<
    {
      [N in Known<Cs>]: K extends SocketNames<Cs[N], 'inputSockets'>
        ? { value: InputValue<SocketsOf<Cs[N], 'inputSockets'>[K]> }
        : never;
    }[Known<Cs>]
  > extends { value: infer V }
    ? V
    : never;
};

/**
 * The `inputs` of `run()` for a pipeline of components `Cs`: nested — `{ retriever: { query } }`
 * — or flat — `{ query }`, delivered to every open socket of that name. A misspelled component
 * or socket name is a type error; values are typed from the sockets' schemas (one entry for a
 * variadic socket). Which inputs are open and mandatory is checked when `run` is called. Any
 * record when the components are unknown.
 */
export type PipelineRunInputs<Cs> = string extends keyof Cs
  ? PipelineInputs
  : { [N in Known<Cs>]?: ComponentRunInputs<Cs[N]> } | FlatInputs<Cs>;
