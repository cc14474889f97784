import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, resolveRetrievalInputs, retrieverInputs, retrieverOutputs, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { baseRetrieverShape, PgvectorRetriever } from './retriever-common.js';

export const PgvectorKeywordRetrieverOptionsSchema = z.strictObject({ ...baseRetrieverShape });
export type PgvectorKeywordRetrieverOptions = z.input<typeof PgvectorKeywordRetrieverOptionsSchema>;

const INPUTS = retrieverInputs({
  query: { schema: SocketSchemas.text, description: 'Web-search syntax: words, "quoted phrases", OR, -exclusion.' },
});
const OUTPUTS = retrieverOutputs('Matching documents ranked by ts_rank_cd, best first.');

/**
 * Full-text retriever: PostgreSQL `websearch_to_tsquery` (quoted phrases, `OR`, `-exclusion`) over
 * `to_tsvector(language, content)` (GIN-indexed), ranked with `ts_rank_cd`. Empty or
 * stop-word-only queries return no documents.
 */
export class PgvectorKeywordRetriever extends PgvectorRetriever<
  z.output<typeof PgvectorKeywordRetrieverOptionsSchema>,
  typeof INPUTS,
  typeof OUTPUTS
> {
  static readonly type = 'pgvector.PgvectorKeywordRetriever';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: PgvectorKeywordRetrieverOptions) {
    super(PgvectorKeywordRetrieverOptionsSchema, options, 'PgvectorKeywordRetriever');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const documents = await o.documentStore.keywordRetrieval({
      query: inputs.query,
      ...resolveRetrievalInputs(o, inputs, 'PgvectorKeywordRetriever'),
      returnEmbedding: o.returnEmbedding,
      signal: ctx?.signal,
    });
    return { documents };
  }
}

defaultRegistry.register(PgvectorKeywordRetriever);
