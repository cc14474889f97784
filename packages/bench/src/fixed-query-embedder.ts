import { type Component, SocketSchemas } from '@synapse-rag/core';

const INPUTS = { text: { schema: SocketSchemas.text } };
const OUTPUTS = { embedding: { schema: SocketSchemas.embedding } };

/** The pipeline's query embedder in the headline benchmark: looks the text's vector up. */
export type FixedQueryEmbedder = Component<typeof INPUTS, typeof OUTPUTS>;

/**
 * A fixed-cost fake text embedder: returns the precomputed vector of each benchmark query (the
 * data set's query points), so the pipeline's retrieval sees the vectors the corpus was built
 * around at any dimension. A text it was not given is an error, never a silent zero vector.
 */
export function fixedQueryEmbedder(vectors: ReadonlyMap<string, number[]>): FixedQueryEmbedder {
  return {
    type: 'bench.FixedQueryEmbedder',
    inputSockets: INPUTS,
    outputSockets: OUTPUTS,
    async run({ text }) {
      const embedding = vectors.get(text);
      if (!embedding) throw new Error(`FixedQueryEmbedder: no vector for text "${text}"`);
      return { embedding };
    },
    toJSON: () => ({ type: 'bench.FixedQueryEmbedder', options: {} }),
  };
}
