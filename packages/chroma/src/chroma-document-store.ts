import {
  assertEmbeddings,
  checkTopK,
  type Document,
  type DocumentStore,
  DuplicateDocumentError,
  dedupeBatch,
  defaultRegistry,
  type Filter,
  FilterError,
  InvalidDocumentError,
  InvalidOptionsError,
  parseOptions,
  RETURN_EMBEDDING_DEFAULT,
  resolveDuplicatePolicy,
  SerializationError,
  type SerializedObject,
  type WriteOptions,
} from '@synapse-rag/core';
import { type ChromaClient, ChromaClientError, type Collection } from 'chromadb';
import { callChroma, createChromaClient, resolveEndpoint } from './chroma-connection.js';
import { collectionSpace, queryArgs, toDocument } from './chroma-records.js';
import {
  type ChromaDocumentStoreOptions,
  ChromaDocumentStoreOptionsSchema,
  type ChromaEmbeddingQuery,
  type ChromaExportOptions,
  type ResolvedChromaOptions,
} from './chroma-store-options.js';
import { type ChromaFilter, filterToChroma } from './filter-to-chroma.js';
import { ENCODING_VERSION, encodeMetadata, MARKER_KEY } from './metadata-codec.js';
import { type DistanceFunction, distanceToScore } from './scores.js';
import { embedderFromJSON, embedMissing, embedTexts } from './store-embedder.js';
import { validateDocuments } from './validate-chroma-documents.js';

/** Registered type name of {@link ChromaDocumentStore}. */
export const CHROMA_DOCUMENT_STORE_TYPE = 'chroma.ChromaDocumentStore';

type Include = 'documents' | 'metadatas' | 'embeddings' | 'distances';

/**
 * A {@link DocumentStore} backed by a ChromaDB collection (Chroma ≥ 1.0 server, `chromadb` v3
 * client). Filters compile to Chroma's `where` / `whereDocument` / `ids` with exactly the core
 * semantics or raise `FilterError`; metadata Chroma cannot hold (null, lists, objects, reserved
 * keys) is stored with a reversible encoding (see `metadata-codec.ts` and the README).
 *
 * Chroma has no transactions: every request is atomic, but a write larger than one batch is
 * several requests. All validation and duplicate checks happen before the first request.
 */
export class ChromaDocumentStore implements DocumentStore {
  readonly type = CHROMA_DOCUMENT_STORE_TYPE;
  readonly options: Readonly<ResolvedChromaOptions>;
  /** `scheme://host:port` of the server (for messages and serialization). */
  readonly url: string;
  private readonly client: ChromaClient;
  private collectionPromise: Promise<Collection> | undefined;
  private maxBatchPromise: Promise<number> | undefined;
  private dimension: number | undefined;

  constructor(options: ChromaDocumentStoreOptions) {
    this.options = Object.freeze(parseOptions(ChromaDocumentStoreOptionsSchema, options, 'ChromaDocumentStore'));
    const { url, host, port, ssl, tenant, database, headers, client } = this.options;
    this.url = resolveEndpoint({ url, host, port, ssl }).url;
    this.client = client ?? createChromaClient({ url, host, port, ssl }, { tenant, database, headers });
  }

  get collectionName(): string {
    return this.options.collectionName;
  }

  get distanceFunction(): DistanceFunction {
    return this.options.distanceFunction;
  }

  /** The underlying client (for operations this store does not wrap). */
  get chromaClient(): ChromaClient {
    return this.client;
  }

  private call<T>(operation: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return callChroma(this.url, operation, fn, signal);
  }

  /** The collection, created with `embeddingFunction: null` and the configured HNSW space if missing. */
  async getCollection(): Promise<Collection> {
    if (!this.collectionPromise) {
      this.collectionPromise = this.openCollection();
      this.collectionPromise.catch(() => {
        this.collectionPromise = undefined;
      });
    }
    return this.collectionPromise;
  }

  private async openCollection(): Promise<Collection> {
    const { collectionName: name, distanceFunction: space } = this.options;
    const collection = await this.call(`open collection "${name}"`, () =>
      this.client.getOrCreateCollection({ name, embeddingFunction: null, configuration: { hnsw: { space } } }),
    );
    const actual = collectionSpace(collection);
    if (actual !== space) {
      throw new InvalidOptionsError(
        'ChromaDocumentStore',
        `collection "${name}" already exists with distance "${actual}", not "${space}". Use distanceFunction: "${actual}" or another collection name.`,
      );
    }
    return collection;
  }

  /** Records per request: the server's `getMaxBatchSize()`, capped by the `batchSize` option. */
  async getMaxBatchSize(): Promise<number> {
    if (!this.maxBatchPromise) {
      this.maxBatchPromise = this.call('get max batch size', () => this.client.getMaxBatchSize());
      this.maxBatchPromise.catch(() => {
        this.maxBatchPromise = undefined;
      });
    }
    const max = await this.maxBatchPromise;
    return Math.max(1, Math.min(max, this.options.batchSize ?? max));
  }

  async countDocuments(): Promise<number> {
    const collection = await this.getCollection();
    return this.call('count', () => collection.count());
  }

  async writeDocuments(input: readonly Document[], options: WriteOptions = {}): Promise<number> {
    const policy = resolveDuplicatePolicy(options.policy, 'ChromaDocumentStore.writeDocuments');
    if (!Array.isArray(input)) throw new InvalidDocumentError('writeDocuments expects an array of documents.');
    if (input.length === 0) return 0;
    validateDocuments(input, this.options.embedder !== undefined);
    const documents = this.options.embedder ? await embedMissing(this.options.embedder, input) : input;
    const collection = await this.getCollection();
    const dimension = this.dimension ?? (await this.storedDimension(collection));
    assertEmbeddings(documents, dimension ?? documents[0]!.embedding!.length, { required: true });

    const unique = dedupeBatch(documents, policy).documents;
    const records = unique.map((doc) => ({ doc, metadata: encodeMetadata(doc) }));
    const batch = await this.getMaxBatchSize();
    const existing = await this.existingMetadata(
      collection,
      unique.map((d) => d.id),
      policy === 'overwrite',
    );

    let toWrite = records;
    if (policy === 'fail') {
      if (existing.size > 0) throw new DuplicateDocumentError([...existing.keys()], `Chroma collection "${this.collectionName}"`);
    } else if (policy === 'skip') {
      toWrite = records.filter((r) => !existing.has(r.doc.id));
    }

    for (let i = 0; i < toWrite.length; i += batch) {
      const chunk = toWrite.slice(i, i + batch);
      const payload = {
        ids: chunk.map((r) => r.doc.id),
        documents: chunk.map((r) => r.doc.content),
        embeddings: chunk.map((r) => [...r.doc.embedding!]),
        metadatas: chunk.map((r) => r.metadata),
      };
      if (policy === 'overwrite') {
        // Chroma's upsert MERGES metadata: records whose stored keys are not all overwritten are
        // deleted first, so that no stale key survives.
        const stale = chunk
          .filter((r) => {
            const old = existing.get(r.doc.id);
            return old !== undefined && Object.keys(old ?? {}).some((k) => !Object.hasOwn(r.metadata, k));
          })
          .map((r) => r.doc.id);
        if (stale.length > 0) await this.call('delete (overwrite)', () => collection.delete({ ids: stale }));
        await this.write('upsert', () => collection.upsert(payload));
      } else {
        await this.write('add', () => collection.add(payload));
      }
    }
    if (toWrite.length > 0) this.dimension = toWrite[0]!.doc.embedding!.length;
    return toWrite.length;
  }

  private async write(operation: string, fn: () => Promise<void>): Promise<void> {
    try {
      await this.call(operation, fn);
    } catch (error) {
      if (error instanceof ChromaClientError && /dimension/i.test(error.message)) {
        throw new InvalidDocumentError(`Chroma rejected the embeddings: ${error.message}`, { collection: this.collectionName });
      }
      throw error;
    }
  }

  /** Dimension of the stored embeddings (from one stored record), or undefined when empty. */
  private async storedDimension(collection: Collection): Promise<number | undefined> {
    const result = await this.call('get (dimension)', () => collection.get({ limit: 1, include: ['embeddings'] }));
    const first = result.embeddings[0];
    if (first) this.dimension = first.length;
    return this.dimension;
  }

  /** Stored ids among `ids` → their raw Chroma metadata (only fetched when `withMetadata`). */
  private async existingMetadata(
    collection: Collection,
    ids: readonly string[],
    withMetadata: boolean,
  ): Promise<Map<string, Record<string, unknown> | null>> {
    const found = new Map<string, Record<string, unknown> | null>();
    const batch = await this.getMaxBatchSize();
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch);
      const result = await this.call('get (duplicate check)', () =>
        collection.get({ ids: chunk, include: withMetadata ? ['metadatas'] : [] }),
      );
      // Chroma does not keep the requested order: match rows by their returned ids.
      result.ids.forEach((id, j) => {
        found.set(id, withMetadata ? ((result.metadatas[j] as Record<string, unknown> | null) ?? null) : null);
      });
    }
    return found;
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const collection = await this.getCollection();
    const batch = await this.getMaxBatchSize();
    for (let i = 0; i < unique.length; i += batch) {
      const chunk = unique.slice(i, i + batch);
      await this.call('delete', () => collection.delete({ ids: chunk }));
    }
  }

  async filterDocuments(filters?: Filter): Promise<Document[]> {
    const out: Document[] = [];
    for await (const page of this.exportDocuments({ filters, batchSize: Number.MAX_SAFE_INTEGER })) out.push(...page);
    return out;
  }

  /**
   * Pages through every record (optionally only those matching `filters`) with
   * `get({ limit, offset, include })`, yielding decoded documents page by page. Each row is
   * rebuilt from the ids the server returned (never from request positions); a record seen on
   * an earlier page (pages can shift under concurrent writes) is not yielded twice.
   */
  async *exportDocuments(options: ChromaExportOptions = {}): AsyncGenerator<Document[], void, undefined> {
    const compiled = filterToChroma(options.filters);
    if (compiled.matchesNothing) return;
    const collection = await this.getCollection();
    await this.assertOnlySynapseRecords(collection, compiled, options.signal);
    const pageSize = Math.min(options.batchSize ?? 1000, await this.getMaxBatchSize());
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new InvalidOptionsError('ChromaDocumentStore.exportDocuments', 'batchSize must be a positive integer');
    }
    const include: Include[] = ['documents', 'metadatas'];
    if (options.includeEmbeddings ?? true) include.push('embeddings');
    const start = options.offset ?? 0;
    if (!Number.isInteger(start) || start < 0) {
      throw new InvalidOptionsError('ChromaDocumentStore.exportDocuments', 'offset must be a non-negative integer');
    }
    const seen = new Set<string>();
    for (let offset = start; ; offset += pageSize) {
      const result = await this.call(
        'get (export)',
        () => collection.get({ ...queryArgs(compiled), limit: pageSize, offset, include }),
        options.signal,
      );
      const page: Document[] = [];
      result.ids.forEach((id, i) => {
        if (seen.has(id)) return;
        seen.add(id);
        page.push(
          toDocument(id, result.documents[i], result.metadatas[i] as Record<string, unknown> | null, result.embeddings[i]),
        );
      });
      if (page.length > 0) yield page;
      if (result.ids.length < pageSize) return;
    }
  }

  /**
   * The stored documents with these ids (unknown ids are absent from the map), fetched in
   * requests of at most `getMaxBatchSize()` ids. Chroma returns rows in its own order, so rows
   * are matched by the ids it returns, never by request position.
   */
  async getDocumentsByIds(
    ids: readonly string[],
    options: { includeEmbeddings?: boolean; signal?: AbortSignal | undefined } = {},
  ): Promise<Map<string, Document>> {
    const found = new Map<string, Document>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const collection = await this.getCollection();
    const batch = await this.getMaxBatchSize();
    const include: Include[] = ['documents', 'metadatas'];
    if (options.includeEmbeddings ?? true) include.push('embeddings');
    for (let i = 0; i < unique.length; i += batch) {
      const chunk = unique.slice(i, i + batch);
      const result = await this.call('get (by ids)', () => collection.get({ ids: chunk, include }), options.signal);
      result.ids.forEach((id, j) => {
        found.set(
          id,
          toDocument(id, result.documents[j], result.metadatas[j] as Record<string, unknown> | null, result.embeddings[j]),
        );
      });
    }
    return found;
  }

  /**
   * Nearest neighbours of the text `query`, embedded with the store's `embedder` (see
   * {@link embeddingRetrieval}). Without an embedder: `InvalidOptionsError`.
   */
  async textRetrieval(query: Omit<ChromaEmbeddingQuery, 'queryEmbedding'> & { query: string }): Promise<Document[]> {
    const { embedder } = this.options;
    if (!embedder) {
      throw new InvalidOptionsError(
        'ChromaDocumentStore',
        'textRetrieval needs the "embedder" option (a text or document embedder); or embed the query and call embeddingRetrieval.',
      );
    }
    if (typeof query.query !== 'string')
      throw new InvalidOptionsError('ChromaDocumentStore', 'textRetrieval: "query" must be a string.');
    const { query: text, ...rest } = query;
    const [queryEmbedding] = await embedTexts(embedder, [text], query.signal);
    return this.embeddingRetrieval({ ...rest, queryEmbedding: queryEmbedding! });
  }

  /**
   * Nearest neighbours of `queryEmbedding` among the documents matching `filters`, best first,
   * with `score` on the scale shared with the pgvector store: cosine similarity (1 − cosine
   * distance), the dot product for `ip`, the Euclidean distance for `l2` (lower is better).
   */
  async embeddingRetrieval(query: ChromaEmbeddingQuery): Promise<Document[]> {
    const { queryEmbedding, filters, returnEmbedding = RETURN_EMBEDDING_DEFAULT, signal } = query;
    const topK = checkTopK(query.topK, 'ChromaDocumentStore.embeddingRetrieval', { fallback: 10 });
    assertEmbeddings([{ id: 'queryEmbedding', content: '', meta: {}, embedding: [...queryEmbedding] }], this.dimension, {
      required: true,
    });
    const compiled = filterToChroma(filters);
    if (compiled.matchesNothing) return [];
    const collection = await this.getCollection();
    await this.assertOnlySynapseRecords(collection, compiled, signal);
    const include: Include[] = ['documents', 'metadatas', 'distances'];
    if (returnEmbedding) include.push('embeddings');
    let result: Awaited<ReturnType<Collection['query']>>;
    try {
      result = await this.call(
        'query',
        () => collection.query({ ...queryArgs(compiled), queryEmbeddings: [[...queryEmbedding]], nResults: topK, include }),
        signal,
      );
    } catch (error) {
      if (error instanceof ChromaClientError && /dimension/i.test(error.message)) {
        throw new InvalidOptionsError('ChromaDocumentStore', `queryEmbedding does not fit the collection: ${error.message}`);
      }
      throw error;
    }
    const ids = result.ids[0] ?? [];
    return ids.map((id, i) => {
      const doc = toDocument(
        id,
        result.documents[0]?.[i],
        (result.metadatas[0]?.[i] as Record<string, unknown> | null) ?? null,
        returnEmbedding ? (result.embeddings[0]?.[i] ?? undefined) : undefined,
      );
      const distance = result.distances[0]?.[i];
      if (typeof distance === 'number') doc.score = distanceToScore(this.distanceFunction, distance);
      return doc;
    });
  }

  /**
   * Filters that use shadow keys (null tests, NOT over orderings, date orderings, id/content
   * inside OR/NOT) are exact only on records written by this store: refuse them when the
   * collection holds any record without the Synapse marker.
   */
  private async assertOnlySynapseRecords(collection: Collection, compiled: ChromaFilter, signal?: AbortSignal): Promise<void> {
    if (!compiled.requiresSynapseRecords || this.options.skipForeignRecordCheck) return;
    const foreign = await this.call(
      'get (foreign record check)',
      () => collection.get({ where: { [MARKER_KEY]: { $ne: ENCODING_VERSION } }, limit: 1, include: [] }),
      signal,
    );
    if (foreign.ids.length > 0) {
      throw new FilterError(
        `collection "${this.collectionName}" holds records not written by Synapse (e.g. "${foreign.ids[0]}"), which lack the shadow keys ` +
          'this filter needs (null / missing tests, NOT over >, >=, <, <=, date ordering, or id / content inside OR / NOT). ' +
          'Rewrite those records through ChromaDocumentStore (export + overwrite), or use only positive comparisons.',
      );
    }
  }

  toJSON(): SerializedObject {
    const { collectionName, distanceFunction, tenant, database, batchSize, client, url, host, port } = this.options;
    if (client && url === undefined && host === undefined && port === undefined) {
      throw new SerializationError(
        'ChromaDocumentStore was created with a ChromaClient and no url: pass `url` as well so the store can be serialized.',
      );
    }
    const options: Record<string, unknown> = { collectionName, distanceFunction, url: this.url };
    if (tenant !== undefined) options.tenant = tenant;
    if (database !== undefined) options.database = database;
    if (batchSize !== undefined) options.batchSize = batchSize;
    if (this.options.skipForeignRecordCheck) options.skipForeignRecordCheck = true;
    if (this.options.embedder) options.embedder = this.options.embedder.toJSON();
    return { type: CHROMA_DOCUMENT_STORE_TYPE, options };
  }
}

defaultRegistry.registerStore(CHROMA_DOCUMENT_STORE_TYPE, (options) => {
  const { embedder, ...rest } = options as ChromaDocumentStoreOptions & { embedder?: unknown };
  return new ChromaDocumentStore(embedder === undefined ? rest : { ...rest, embedder: embedderFromJSON(embedder) });
});
