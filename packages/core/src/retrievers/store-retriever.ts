import type { InputSockets, OutputSockets } from '../component/socket.js';
import { StoreComponent } from '../store/store-component.js';
import {
  type ResolvedRetrieval,
  type RetrievalOptions,
  type RetrievalRunInputs,
  resolveRetrievalInputs,
} from './retriever-sockets.js';

/**
 * Base of retrievers: a {@link StoreComponent} (the store serialized once) whose options include
 * core's retriever options (`retrieverOptionFields`: `filters`, `topK`, `filterPolicy`).
 * `resolveRetrieval(inputs)` gives one run's `topK` and `filters` by the one rule,
 * {@link resolveRetrievalInputs}, its errors naming the class.
 *
 * @example
 * ```ts
 * class MyRetriever extends StoreRetriever<ParsedOptions, typeof INPUTS, typeof OUTPUTS> {
 *   // type, sockets, constructor …
 *   async run(inputs: RunInputs<typeof INPUTS>): Promise<RunOutputs<typeof OUTPUTS>> {
 *     const { topK, filters } = this.resolveRetrieval(inputs);
 *     return { documents: await this.options.documentStore.search(inputs.query, topK, filters) };
 *   }
 * }
 * ```
 */
export abstract class StoreRetriever<
  Opts extends RetrievalOptions,
  I extends InputSockets = InputSockets,
  O extends OutputSockets = OutputSockets,
> extends StoreComponent<Opts, I, O> {
  /**
   * This run's `topK` (run input, else option) and `filters` (combined per `filterPolicy`); errors
   * name the instance's class (a subclass's own name).
   */
  protected resolveRetrieval(inputs: RetrievalRunInputs): ResolvedRetrieval {
    return resolveRetrievalInputs(this.options, inputs, this.constructor.name);
  }
}
