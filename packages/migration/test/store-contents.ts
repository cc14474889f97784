import { createHash } from 'node:crypto';
import { canonicalJson, type DocumentStore } from '@synapse-rag/core';

/**
 * Every document of `store` as id → sha256 of its content and canonical meta, sorted by id:
 * two stores hold the same documents when their maps are equal.
 */
export async function storeContents(store: DocumentStore): Promise<Map<string, string>> {
  const entries = (await store.filterDocuments()).map(
    (d) =>
      [
        d.id,
        createHash('sha256')
          .update(`${d.content}\0${canonicalJson(d.meta)}`)
          .digest('hex'),
      ] as const,
  );
  return new Map(entries.sort(([a], [b]) => a.localeCompare(b)));
}
