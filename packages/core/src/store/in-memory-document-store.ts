import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { assertEmbeddings, type Document } from '../document.js';
import { DuplicateDocumentError, InvalidDocumentError, InvalidOptionsError, SerializationError } from '../errors.js';
import { compileFilter, type DocumentPredicate } from '../filters/evaluate-filter.js';
import type { Filter } from '../filters/filter-types.js';
import { parseOptions } from '../options.js';
import { throwIfAborted } from './abort.js';
import { Bm25Index, type Bm25Parameters, createTokenizer } from './bm25-index.js';
import type { InProcessDocumentStore, SerializedObject, WriteOptions } from './document-store.js';
import { dedupeBatch, resolveDuplicatePolicy } from './duplicate-policy.js';
import { copyIncomingDocument, copyStoredDocument } from './json-copy.js';
import { checkTopK, type EmbeddingRetrievalOptions, RETURN_EMBEDDING_DEFAULT } from './retrieval-options.js';
import { selectTopK, TopKCollector } from './top-k.js';

/** Registered type name of {@link InMemoryDocumentStore}. */
export const IN_MEMORY_DOCUMENT_STORE_TYPE = 'core.InMemoryDocumentStore';

/**
 * Default BM25 tokenization: runs of Unicode letters, combining marks, digits and connector
 * punctuation (the Unicode-aware `\w+`; JavaScript's own `\w` is ASCII-only even with `u`).
 */
export const DEFAULT_BM25_TOKENIZATION = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]+';

/** Similarity functions of embedding retrieval. */
export type SimilarityFunction = 'cosine' | 'dot_product' | 'l2';

const Bm25ParametersSchema = z.strictObject({
  /** Term-frequency saturation. @default 1.5 */
  k1: z.number().finite().nonnegative().default(1.5),
  /** Length normalization, 0 (none) … 1 (full). @default 0.75 */
  b: z.number().min(0).max(1).default(0.75),
  /** Lower-bound term of BM25L / BM25Plus. @default 0.5 for BM25L, 1 for BM25Plus */
  delta: z.number().finite().nonnegative().optional(),
  /** BM25Okapi: a negative idf is replaced by `epsilon` × the mean idf of the query terms. @default 0.25 */
  epsilon: z.number().finite().nonnegative().default(0.25),
});

/** Options of {@link InMemoryDocumentStore}. */
export const InMemoryDocumentStoreOptionsSchema = z.strictObject({
  /** BM25 variant used by {@link InMemoryDocumentStore.bm25Retrieval}. @default "BM25L" (as Haystack) */
  bm25Algorithm: z.enum(['BM25L', 'BM25Okapi', 'BM25Plus']).default('BM25L'),
  /** BM25 parameters. @default { k1: 1.5, b: 0.75, delta: 0.5 (BM25L) | 1 (BM25Plus), epsilon: 0.25 } */
  bm25Parameters: Bm25ParametersSchema.prefault({}),
  /**
   * Regular expression source (compiled with flags `gu`) whose matches are the BM25 terms, after
   * the text is NFKC-normalized and lower-cased. @default DEFAULT_BM25_TOKENIZATION (Unicode `\w+`)
   */
  bm25Tokenization: z
    .string()
    .min(1)
    .refine(
      (src) => {
        try {
          new RegExp(src, 'gu');
          return !new RegExp(src, 'gu').test('');
        } catch {
          return false;
        }
      },
      { message: 'must be a valid regular expression (flags "gu") that does not match the empty string' },
    )
    .default(DEFAULT_BM25_TOKENIZATION),
  /**
   * Similarity of embedding retrieval:
   * - `cosine`: cosine similarity in [-1, 1] (= 1 − cosine distance); higher is better.
   * - `dot_product`: the dot product; higher is better.
   * - `l2`: the Euclidean distance; LOWER is better and results are sorted ascending (as in
   *   pgvector). With `scaleScore` it becomes the similarity `1 / (1 + distance)`.
   * @default "cosine" (Haystack defaults to dot_product; cosine is what ChromaDB collections and
   * the migration kit use, and it is insensitive to vector length)
   */
  embeddingSimilarityFunction: z.enum(['cosine', 'dot_product', 'l2']).default('cosine'),
  /**
   * Name of a process-wide storage. Stores created with the same `index` share their documents,
   * so a store re-created from `toJSON()` in the same process sees the same data. Without it,
   * every store has private storage (and a deserialized copy starts empty).
   * @default undefined (private storage)
   */
  index: z.string().min(1).optional(),
});

/** Options accepted by the {@link InMemoryDocumentStore} constructor. */
export type InMemoryDocumentStoreOptions = z.input<typeof InMemoryDocumentStoreOptionsSchema>;
/** Options after validation, with defaults applied. */
export type ResolvedInMemoryDocumentStoreOptions = z.output<typeof InMemoryDocumentStoreOptionsSchema>;

/** Arguments of {@link InMemoryDocumentStore.bm25Retrieval}. */
export interface Bm25RetrievalOptions {
  query: string;
  filters?: Filter;
  /** @default 10 */
  topK?: number;
  /** Map scores to [0, 1] with `sigmoid(score / 8)`. @default false */
  scaleScore?: boolean;
}

/**
 * Arguments of {@link InMemoryDocumentStore.embeddingRetrieval}: core's
 * {@link EmbeddingRetrievalOptions} (`topK` defaults to 10, `returnEmbedding` to false) plus
 * score scaling. The search is synchronous, so `signal` is only checked before it starts.
 */
export interface InMemoryEmbeddingRetrievalOptions extends EmbeddingRetrievalOptions {
  /**
   * Map scores to [0, 1], higher is better: cosine `(s + 1) / 2`, dot product `sigmoid(s / 100)`,
   * l2 `1 / (1 + distance)`. @default false
   */
  scaleScore?: boolean;
}

interface Entry {
  /** The stored document without its embedding (kept once, in `vector`). */
  doc: Document;
  vector?: Float64Array;
  norm: number;
}

/** A caller-owned copy of a stored entry. */
function entryToDocument(entry: Entry, withEmbedding = true): Document {
  const doc = copyStoredDocument(entry.doc);
  if (withEmbedding && entry.vector !== undefined) doc.embedding = Array.from(entry.vector);
  return doc;
}

/** The data behind one or more stores (shared by name through `index`). */
class Storage {
  readonly entries = new Map<string, Entry>();
  /** Lazily built BM25 indexes, keyed by tokenization pattern, maintained on every write. */
  readonly bm25 = new Map<string, Bm25Index>();
  embedded = 0;
  dimension: number | undefined;

  put(doc: Document): void {
    this.remove(doc.id);
    const { embedding, ...rest } = doc;
    const entry: Entry = { doc: rest, norm: 0 };
    if (embedding !== undefined) {
      const v = Float64Array.from(embedding);
      let sq = 0;
      for (let i = 0; i < v.length; i++) sq += v[i]! * v[i]!;
      entry.vector = v;
      entry.norm = Math.sqrt(sq);
      if (this.embedded === 0) this.dimension = v.length;
      this.embedded++;
    }
    this.entries.set(doc.id, entry);
    for (const index of this.bm25.values()) index.add(doc.id, doc.content);
  }

  remove(id: string): boolean {
    const old = this.entries.get(id);
    if (old === undefined) return false;
    this.entries.delete(id);
    if (old.vector !== undefined && --this.embedded === 0) this.dimension = undefined;
    for (const index of this.bm25.values()) index.remove(id);
    return true;
  }

  bm25Index(pattern: string): Bm25Index {
    let index = this.bm25.get(pattern);
    if (index === undefined) {
      index = new Bm25Index(createTokenizer(pattern));
      for (const { doc } of this.entries.values()) index.add(doc.id, doc.content);
      this.bm25.set(pattern, index);
    }
    return index;
  }
}

const sharedStorages = new Map<string, Storage>();

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The reference document store: keeps documents in memory, implements the whole filter
 * language (through {@link compileFilter}), BM25 keyword retrieval over an incrementally
 * maintained inverted index, and exact embedding retrieval (cosine, dot product, L2).
 *
 * Writes are atomic: every document is validated (non-empty string id, string content, JSON
 * meta, finite embeddings, one embedding dimension per store) and duplicates are resolved
 * before anything is stored. Stored and returned documents are copies. `score` is a retrieval
 * result and is not stored. All embeddings in a store share one dimension, fixed by the first
 * embedding written and released when no stored document has an embedding any more.
 *
 * Duplicate policies: `none`/`fail` throw `DuplicateDocumentError` listing every id that exists
 * or repeats inside the batch; `skip` keeps the stored document (and the first of repeated ids)
 * and counts only documents actually written; `overwrite` replaces (the last of repeated ids
 * wins) and counts each distinct id once.
 *
 * @example
 * const store = new InMemoryDocumentStore();
 * await store.writeDocuments([createDocument({ content: 'Paris is in France' })]);
 * const hits = await store.bm25Retrieval({ query: 'france', topK: 3 });
 */
export class InMemoryDocumentStore implements InProcessDocumentStore {
  readonly options: Readonly<ResolvedInMemoryDocumentStoreOptions>;
  private readonly storage: Storage;
  private readonly bm25Params: Bm25Parameters;

  constructor(options: InMemoryDocumentStoreOptions = {}) {
    this.options = Object.freeze(parseOptions(InMemoryDocumentStoreOptionsSchema, options, 'InMemoryDocumentStore'));
    const name = this.options.index;
    let storage = name === undefined ? undefined : sharedStorages.get(name);
    if (storage === undefined) {
      storage = new Storage();
      if (name !== undefined) sharedStorages.set(name, storage);
    }
    this.storage = storage;
    const p = this.options.bm25Parameters;
    this.bm25Params = {
      k1: p.k1,
      b: p.b,
      delta: p.delta ?? (this.options.bm25Algorithm === 'BM25Plus' ? 1 : 0.5),
      epsilon: p.epsilon,
    };
  }

  /** Forgets the shared storage registered under `index` (stores still holding it keep it alive). */
  static dropIndex(index: string): boolean {
    return sharedStorages.delete(index);
  }

  /** Embedding dimension of the stored documents, or `undefined` while none has an embedding. */
  get embeddingDimension(): number | undefined {
    return this.storage.dimension;
  }

  async writeDocuments(documents: readonly Document[], options: WriteOptions = {}): Promise<number> {
    return this.write(documents, options);
  }

  /** Copies of every stored document, with embeddings (for saving a pipeline with its documents). */
  snapshotDocuments(): Document[] {
    return [...this.storage.entries.values()].map((entry) => entryToDocument(entry));
  }

  /** `writeDocuments` with policy `overwrite`, synchronously (used while loading a pipeline). */
  restoreDocuments(documents: readonly Document[]): number {
    return this.write(documents, { policy: 'overwrite' });
  }

  /** The whole write, synchronous: validation and duplicate resolution before anything is stored. */
  private write(documents: readonly Document[], options: WriteOptions): number {
    const policy = resolveDuplicatePolicy(options.policy, 'InMemoryDocumentStore.writeDocuments');
    if (!Array.isArray(documents)) throw new InvalidDocumentError('writeDocuments expects an array of documents.');
    const copies = documents.map((d, i) => copyIncomingDocument(d, i));
    const firstDim = copies.find((d) => d.embedding !== undefined)?.embedding?.length;
    assertEmbeddings(copies, this.storage.dimension ?? firstDim);

    const { entries } = this.storage;
    const batch = dedupeBatch(copies, policy, { collectRepeats: true });
    if (policy === 'fail') {
      const repeated = new Set(batch.repeated);
      const clashes = [...repeated];
      for (const { id } of batch.documents) if (entries.has(id) && !repeated.has(id)) clashes.push(id);
      if (clashes.length > 0) throw new DuplicateDocumentError(clashes, this.describe());
    }
    let written = 0;
    for (const doc of batch.documents) {
      if (policy === 'skip' && entries.has(doc.id)) continue;
      this.storage.put(doc);
      written++;
    }
    return written;
  }

  async filterDocuments(filters?: Filter): Promise<Document[]> {
    const accept = this.predicate(filters);
    const out: Document[] = [];
    for (const entry of this.storage.entries.values()) if (accept(entry.doc)) out.push(entryToDocument(entry));
    return out;
  }

  async countDocuments(): Promise<number> {
    return this.storage.entries.size;
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    if (!Array.isArray(ids)) throw new InvalidDocumentError('deleteDocuments expects an array of ids.');
    for (const id of ids) if (typeof id === 'string') this.storage.remove(id);
  }

  /**
   * BM25 keyword retrieval. Corpus statistics cover the whole store; `filters` restrict the
   * candidates. Only documents sharing at least one term with the query are returned (a query
   * without terms returns nothing), best first, ties by id.
   */
  async bm25Retrieval(options: Bm25RetrievalOptions): Promise<Document[]> {
    if (typeof options.query !== 'string')
      throw new InvalidOptionsError('InMemoryDocumentStore.bm25Retrieval', 'query must be a string.');
    const topK = checkTopK(options.topK, 'InMemoryDocumentStore.bm25Retrieval', { fallback: 10 });
    const accept = this.predicate(options.filters);
    const { entries } = this.storage;
    const index = this.storage.bm25Index(this.options.bm25Tokenization);
    const scored = index.score(options.query, this.options.bm25Algorithm, this.bm25Params, (id) => accept(entries.get(id)!.doc));
    return selectTopK(scored, topK).map(({ id, score }) => {
      const doc = entryToDocument(entries.get(id)!);
      doc.score = options.scaleScore ? sigmoid(score / 8) : score;
      return doc;
    });
  }

  /**
   * Exact (brute-force) embedding retrieval over documents that have an embedding. See
   * `embeddingSimilarityFunction` for the meaning of scores; results are best first, ties by id.
   * Throws {@link InvalidDocumentError} when the query's dimension differs from the store's.
   */
  async embeddingRetrieval(options: InMemoryEmbeddingRetrievalOptions): Promise<Document[]> {
    throwIfAborted(options.signal);
    const raw = options.queryEmbedding;
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new InvalidDocumentError('queryEmbedding must be a non-empty array of finite numbers.');
    }
    const q = Float64Array.from(raw);
    const topK = checkTopK(options.topK, 'InMemoryDocumentStore.embeddingRetrieval', { fallback: 10 });
    const dim = this.storage.dimension;
    if (dim === undefined) return [];
    if (q.length !== dim) {
      throw new InvalidDocumentError(`queryEmbedding has ${q.length} dimensions, the store's embeddings have ${dim}.`, {
        expected: dim,
        actual: q.length,
      });
    }
    const accept = this.predicate(options.filters);
    const fn = this.options.embeddingSimilarityFunction;
    let qNorm = 0;
    for (const v of q) qNorm += v * v;
    qNorm = Math.sqrt(qNorm);
    const collector = new TopKCollector<{ id: string; score: number; entry: Entry }>(topK, fn !== 'l2');
    for (const entry of this.storage.entries.values()) {
      const v = entry.vector;
      if (v === undefined || !accept(entry.doc)) continue;
      let score = 0;
      if (fn === 'l2') {
        for (let i = 0; i < dim; i++) {
          const d = v[i]! - q[i]!;
          score += d * d;
        }
        score = Math.sqrt(score);
      } else {
        for (let i = 0; i < dim; i++) score += v[i]! * q[i]!;
        // Cosine with a zero vector is undefined; it is reported as 0 (orthogonal).
        if (fn === 'cosine') score = qNorm === 0 || entry.norm === 0 ? 0 : score / (qNorm * entry.norm);
      }
      const id = entry.doc.id;
      if (collector.wouldAccept(id, score)) collector.offer({ id, score, entry });
    }
    const top = collector.result();
    return top.map(({ score, entry }) => {
      const doc = entryToDocument(entry, options.returnEmbedding ?? RETURN_EMBEDDING_DEFAULT);
      doc.score = options.scaleScore ? scale(fn, score) : score;
      return doc;
    });
  }

  toJSON(): SerializedObject {
    return { type: IN_MEMORY_DOCUMENT_STORE_TYPE, options: JSON.parse(JSON.stringify(this.options)) as Record<string, unknown> };
  }

  /**
   * Writes the store's options and documents (with embeddings) to a JSON file.
   * Load it with {@link InMemoryDocumentStore.loadFromFile}.
   */
  async saveToFile(path: string): Promise<void> {
    const documents = this.snapshotDocuments();
    const payload = { format: 'synapse-rag.in-memory-store', version: 1, options: this.toJSON().options, documents };
    await writeFile(path, JSON.stringify(payload));
  }

  /** Creates a store from a file written by {@link InMemoryDocumentStore.saveToFile}. */
  static async loadFromFile(path: string, overrides: InMemoryDocumentStoreOptions = {}): Promise<InMemoryDocumentStore> {
    let payload: unknown;
    try {
      payload = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new SerializationError(`Cannot read an in-memory store from ${path}: ${(err as Error).message}`, { path });
    }
    const p = payload as { format?: unknown; options?: unknown; documents?: unknown };
    if (p === null || typeof p !== 'object' || p.format !== 'synapse-rag.in-memory-store' || !Array.isArray(p.documents)) {
      throw new SerializationError(`${path} is not a file written by InMemoryDocumentStore.saveToFile.`, { path });
    }
    const store = new InMemoryDocumentStore({ ...(p.options as InMemoryDocumentStoreOptions), ...overrides });
    await store.writeDocuments(p.documents as Document[], { policy: 'overwrite' });
    return store;
  }

  private predicate(filters: Filter | undefined | null): DocumentPredicate {
    return filters === undefined || filters === null ? () => true : compileFilter(filters);
  }

  private describe(): string {
    return this.options.index === undefined ? 'the in-memory store' : `in-memory index "${this.options.index}"`;
  }
}

function scale(fn: 'cosine' | 'dot_product' | 'l2', score: number): number {
  if (fn === 'cosine') return (score + 1) / 2;
  if (fn === 'dot_product') return sigmoid(score / 100);
  return 1 / (1 + score);
}

defaultRegistry.registerStore(IN_MEMORY_DOCUMENT_STORE_TYPE, (options) => new InMemoryDocumentStore(options));
