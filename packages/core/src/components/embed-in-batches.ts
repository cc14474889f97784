import type { Document } from '../document.js';

/** Progress of a batched document embedding run, reported after every batch. */
export interface BatchEmbeddingProgress {
  /** Documents embedded so far. */
  done: number;
  /** Documents in this run. */
  total: number;
  /** Batches sent so far. */
  batches: number;
}

/** What {@link embedInBatches} needs from a document embedder. */
export interface EmbedInBatchesOptions {
  /** Documents per call of `embed`. */
  batchSize: number;
  /** The text embedded for a document (content, prefix, meta fields…). */
  text: (doc: Document) => string;
  /** Embeds one batch of texts; returns one value per text, in order. */
  embed: (texts: string[]) => Promise<readonly unknown[]>;
  /** Turns one returned value into a vector; throws (naming the document) when it is not one. */
  vector: (value: unknown, doc: Document) => number[];
  /** The error for a vector whose length differs from the first one's. */
  dimensionMismatch: (first: number, got: number) => Error;
  /** The error for a batch that returned `got` values for `expected` texts. */
  countMismatch: (got: number, expected: number) => Error;
  /** Called after every batch. */
  progress?: ((progress: BatchEmbeddingProgress) => void) | undefined;
  /** Checked before every batch; an aborted signal throws `abortError(signal)`. */
  throwIfAborted?: () => void;
}

/**
 * The loop every remote document embedder shares: batches of `batchSize` texts, one vector per
 * document, one dimension across the run, progress after each batch. Returns copies of the
 * documents with `embedding` set (inputs untouched), the number of batches and the dimension.
 */
export async function embedInBatches(
  documents: readonly Document[],
  options: EmbedInBatchesOptions,
): Promise<{ documents: Document[]; batches: number; dimension: number | undefined }> {
  const out: Document[] = [];
  let batches = 0;
  let dimension: number | undefined;
  for (let start = 0; start < documents.length; start += options.batchSize) {
    options.throwIfAborted?.();
    const batch = documents.slice(start, start + options.batchSize);
    const values = await options.embed(batch.map((d) => options.text(d)));
    if (!Array.isArray(values) || values.length !== batch.length) {
      throw options.countMismatch(Array.isArray(values) ? values.length : 0, batch.length);
    }
    batches++;
    for (const [i, doc] of batch.entries()) {
      const embedding = options.vector(values[i], doc);
      dimension ??= embedding.length;
      if (embedding.length !== dimension) throw options.dimensionMismatch(dimension, embedding.length);
      out.push({ ...doc, meta: { ...doc.meta }, embedding });
    }
    options.progress?.({ done: out.length, total: documents.length, batches });
  }
  return { documents: out, batches, dimension };
}
