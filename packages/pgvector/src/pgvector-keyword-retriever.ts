import {
  BaseComponent,
  type Document,
  defaultRegistry,
  type Filter,
  inputSockets,
  outputSockets,
  type RunContext,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';
import { baseRetrieverShape, deserialiseStore, runFilters, serialiseRetrieverOptions } from './retriever-common.js';

export const PgvectorKeywordRetrieverOptionsSchema = z.strictObject({ ...baseRetrieverShape });
export type PgvectorKeywordRetrieverOptions = z.input<typeof PgvectorKeywordRetrieverOptionsSchema>;

const INPUTS = inputSockets({
  query: { schema: SocketSchemas.text, description: 'Web-search syntax: words, "quoted phrases", OR, -exclusion.' },
  filters: { schema: SocketSchemas.filters, optional: true, description: 'Run-time filters (see filterPolicy).' },
  topK: { schema: SocketSchemas.topK, optional: true, description: 'Overrides the topK option.' },
});
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'Matching documents ranked by ts_rank_cd, best first.' },
});

/**
 * Full-text retriever: PostgreSQL `websearch_to_tsquery` (quoted phrases, `OR`, `-exclusion`) over
 * `to_tsvector(language, content)` (GIN-indexed), ranked with `ts_rank_cd`. Empty or
 * stop-word-only queries return no documents.
 */
export class PgvectorKeywordRetriever extends BaseComponent<z.output<typeof PgvectorKeywordRetrieverOptionsSchema>> {
  readonly type = 'pgvector.PgvectorKeywordRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorKeywordRetrieverOptions) {
    super(PgvectorKeywordRetrieverOptionsSchema, options, 'PgvectorKeywordRetriever');
  }

  async run(inputs: { query: string; filters?: Filter; topK?: number }, ctx?: RunContext): Promise<{ documents: Document[] }> {
    const o = this.options;
    const documents = await o.documentStore.keywordRetrieval({
      query: inputs.query,
      topK: inputs.topK ?? o.topK,
      filters: runFilters(o.filterPolicy, o.filters, inputs.filters),
      returnEmbedding: o.returnEmbedding,
      signal: ctx?.signal,
    });
    return { documents };
  }

  override toJSON() {
    return { type: this.type, options: serialiseRetrieverOptions(this.options) };
  }
}

defaultRegistry.registerComponent(
  'pgvector.PgvectorKeywordRetriever',
  (options, registry) => new PgvectorKeywordRetriever({ ...options, documentStore: deserialiseStore(options, registry) }),
);
