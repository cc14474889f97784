import { z } from 'zod';
import { type InputSockets, inputSockets, outputSockets } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { applyFilterPolicy, type FilterPolicy } from '../filters/filter-policy.js';
import { type Filter, FilterSchema } from '../filters/filter-types.js';
import { validateOptionalFilter } from '../filters/validate-filter.js';
import { checkTopK } from '../store/retrieval-options.js';

/**
 * The run inputs every retriever shares, declared once: `filters` (combined with the `filters`
 * option per `filterPolicy`) and `topK` (overrides the `topK` option for one run). Retrievers
 * add their query sockets with {@link retrieverInputs}; {@link resolveRetrievalInputs} turns
 * options + run inputs into what the store is asked for.
 */
export const RetrieverSockets = inputSockets({
  filters: { schema: SocketSchemas.filters, optional: true, description: 'Run-time filters (see filterPolicy).' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option for this run.' },
});

/** A retriever's input sockets: its query sockets (`query`, `queryEmbedding`...) followed by {@link RetrieverSockets}. */
export function retrieverInputs<const S extends InputSockets>(querySockets: S): S & typeof RetrieverSockets {
  return { ...querySockets, ...RetrieverSockets };
}

/** A retriever's output: `documents`, best first (`description` says what the scores mean). */
export function retrieverOutputs(description: string) {
  return outputSockets({ documents: { schema: SocketSchemas.documents, description } });
}

/**
 * zod fields of the options every retriever shares. `filters` is checked structurally here and
 * fully by {@link resolveRetrievalInputs} (a retriever may validate it at construction instead).
 */
export const retrieverOptionFields = {
  /** Filters applied on every run (combined with run-time filters per `filterPolicy`). @default undefined */
  filters: FilterSchema.optional(),
  /** Maximum number of documents returned. A `topK` run input overrides it. @default 10 */
  topK: z.number().int().positive().default(10),
  /** `replace`: run-time filters replace `filters`; `merge`: both must hold (AND). @default "replace" */
  filterPolicy: z.enum(['replace', 'merge']).default('replace'),
};

/** The options {@link resolveRetrievalInputs} reads. */
export interface RetrievalOptions {
  filters?: Filter | undefined;
  topK: number;
  filterPolicy: FilterPolicy;
}

/** The run inputs {@link resolveRetrievalInputs} reads. */
export interface RetrievalRunInputs {
  filters?: Filter | undefined;
  topK?: number | undefined;
}

/** What one retrieval asks the store for. */
export interface ResolvedRetrieval {
  filters: Filter | undefined;
  topK: number;
}

/**
 * The one rule for retriever inputs: `topK` from the run input, else the option (a positive
 * integer, else `InvalidOptionsError` naming `owner`); filters validated (`FilterError`) and
 * combined per `filterPolicy` — `replace`: run-time filters win when given; `merge`: both hold.
 */
export function resolveRetrievalInputs(options: RetrievalOptions, inputs: RetrievalRunInputs, owner: string): ResolvedRetrieval {
  const topK = checkTopK(inputs.topK ?? options.topK, `${owner} run input`);
  const filters = applyFilterPolicy(
    options.filterPolicy,
    validateOptionalFilter(options.filters),
    validateOptionalFilter(inputs.filters),
  );
  return { filters, topK };
}
