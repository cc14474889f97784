/** Vector spaces of a Chroma collection's HNSW index. */
export type DistanceFunction = 'cosine' | 'l2' | 'ip';

/**
 * Converts a Chroma distance to a Synapse score on the same scale as the pgvector store:
 * - `cosine`: Chroma returns 1 − cos → score = 1 − distance = cosine similarity (higher is better);
 * - `ip`: Chroma returns 1 − dot → score = 1 − distance = the dot product (higher is better);
 * - `l2`: Chroma returns the SQUARED Euclidean distance → score = √distance = the Euclidean
 *   distance, as pgvector's `<->` (LOWER is better; results stay in ascending order).
 */
export function distanceToScore(space: DistanceFunction, distance: number): number {
  if (space === 'l2') return Math.sqrt(Math.max(0, distance));
  return 1 - distance;
}
