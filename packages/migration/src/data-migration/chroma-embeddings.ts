import { callChroma, createChromaClient } from '@synapse-rag/chroma';
import { InvalidOptionsError } from '@synapse-rag/core';

type Client = ReturnType<typeof createChromaClient>;
type Collection = Awaited<ReturnType<Client['getCollection']>>;

/**
 * The legacy Chroma collection as an embedding source: vectors by id (one `get` per batch of ids)
 * and every id, paged without payloads (for orphans). The collection must exist: a migration
 * never creates one.
 */
export class ChromaEmbeddings {
  private readonly client: Client;
  private collection: Promise<Collection> | undefined;

  constructor(
    readonly url: string,
    readonly collectionName: string,
  ) {
    this.client = createChromaClient({ url });
  }

  private open(): Promise<Collection> {
    this.collection ??= callChroma(this.url, `open collection "${this.collectionName}"`, async () => {
      const names = (await this.client.listCollections()).map((c) => c.name);
      if (!names.includes(this.collectionName)) {
        throw new InvalidOptionsError(
          'ChromaEmbeddings',
          `Chroma at ${this.url} has no collection "${this.collectionName}" (it has ${names.join(', ') || 'none'}).`,
        );
      }
      return this.client.getCollection({ name: this.collectionName });
    });
    this.collection.catch(() => {
      this.collection = undefined;
    });
    return this.collection;
  }

  /**
   * The most common embedding dimension among the first `sample` records (one odd record cannot
   * decide it), or undefined for an empty collection.
   */
  async sampleDimension(sample = 200): Promise<number | undefined> {
    const c = await this.open();
    const res = await callChroma(this.url, 'get (sample)', () => c.get({ limit: sample, include: ['embeddings'] }));
    const counts = new Map<number, number>();
    for (const e of res.embeddings) if (e) counts.set(e.length, (counts.get(e.length) ?? 0) + 1);
    let best: number | undefined;
    for (const [dim, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = dim;
    return best;
  }

  /** The embeddings of `ids` that exist (matched by the ids Chroma returns, never by position). */
  async embeddings(ids: readonly string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    if (ids.length === 0) return out;
    const c = await this.open();
    const res = await callChroma(this.url, 'get (embeddings by id)', () => c.get({ ids: [...ids], include: ['embeddings'] }));
    res.ids.forEach((id, i) => {
      const e = res.embeddings[i];
      if (e) out.set(id, e);
    });
    return out;
  }

  /** Every id in the collection, page by page (ids only). */
  async *ids(pageSize = 5000): AsyncGenerator<string[]> {
    const c = await this.open();
    for (let offset = 0; ; offset += pageSize) {
      const res = await callChroma(this.url, 'get (ids)', () => c.get({ limit: pageSize, offset, include: [] }));
      if (res.ids.length > 0) yield res.ids;
      if (res.ids.length < pageSize) return;
    }
  }
}
