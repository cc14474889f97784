import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Document, type DocumentSplitterOptions, type DocumentStore, outputOf, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { documentEmbedderFor, type EmbedderSpec } from '../models/model-choice.js';
import { displayPath } from './expand-paths.js';
import type { IndexLedger, LedgerEntry } from './index-ledger.js';
import { CONVERTER_NAMES, indexingPipeline } from './indexing-pipeline.js';

/** Progress after each batch of files. */
export interface IndexFilesProgress {
  /** Files looked at so far (indexed, unchanged or failed). */
  done: number;
  total: number;
  chunks: number;
  docsPerSecond: number;
}

/** What {@link indexFiles} did. */
export interface IndexFilesSummary {
  files: number;
  /** Files converted, split, embedded and written (new or changed). */
  indexed: number;
  /** Files skipped because their content hash is the one already indexed. */
  unchanged: number;
  failed: Array<{ path: string; error: string }>;
  /** Chunks written. */
  chunks: number;
  /** Chunks of changed files deleted before their new chunks were written. */
  replacedChunks: number;
  embedder: EmbedderSpec;
  elapsedMs: number;
  /** Files indexed (not skipped) per second. */
  docsPerSecond: number;
}

/** Options of {@link indexFiles}. */
export interface IndexFilesOptions {
  /** Absolute paths (see `expandPaths`). */
  files: readonly string[];
  /** Where chunks are written. */
  store: DocumentStore;
  ledger: IndexLedger;
  /** The embedder: the ledger's when it has one (it must not change within an index). */
  embedder: EmbedderSpec;
  /** How documents are cut into chunks. @default INDEX_SPLITTER */
  splitter?: DocumentSplitterOptions;
  /** Files per pipeline run. @default 16 */
  batchSize?: number;
  /** Base of the `file_path` meta and citations. @default process.cwd() */
  cwd?: string;
  onProgress?: (p: IndexFilesProgress) => void;
  signal?: AbortSignal;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Indexes `files` into `store`: unchanged files (same sha256 as in the ledger) are skipped; the
 * others run through the indexing pipeline (route by type, convert, clean, split, embed, write) a batch at a time; a
 * changed file's old chunks are deleted first; the ledger records each file's hash and chunk ids
 * once its chunks are written. Files that cannot be read or converted are reported, not fatal.
 */
export async function indexFiles(options: IndexFilesOptions): Promise<IndexFilesSummary> {
  const { files, store, ledger, embedder } = options;
  const cwd = options.cwd ?? process.cwd();
  const batchSize = options.batchSize ?? 16;
  const started = performance.now();
  const pipeline = indexingPipeline({
    documentEmbedder: documentEmbedderFor(embedder),
    store,
    ...(options.splitter ? { splitter: options.splitter } : {}),
  });
  if (!ledger.embedder) await ledger.setEmbedder(embedder);
  const summary: IndexFilesSummary = {
    files: files.length,
    indexed: 0,
    unchanged: 0,
    failed: [],
    chunks: 0,
    replacedChunks: 0,
    embedder,
    elapsedMs: 0,
    docsPerSecond: 0,
  };
  const report = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    summary.docsPerSecond = seconds > 0 ? summary.indexed / seconds : 0;
    options.onProgress?.({ done, total: files.length, chunks: summary.chunks, docsPerSecond: summary.docsPerSecond });
  };
  report(0);
  for (let i = 0; i < files.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const batch: Array<{ path: string; hash: string; bytes: Uint8Array; old?: LedgerEntry }> = [];
    for (const file of files.slice(i, i + batchSize)) {
      const path = displayPath(file, cwd);
      try {
        const bytes = await readFile(file);
        const hash = sha256(bytes);
        const old = ledger.get(path);
        if (old?.hash === hash) summary.unchanged++;
        else batch.push({ path, hash, bytes, ...(old ? { old } : {}) });
      } catch (error) {
        summary.failed.push({ path, error: (error as Error).message });
      }
    }
    if (batch.length > 0) await indexBatch(batch);
    report(Math.min(i + batchSize, files.length));
  }
  summary.elapsedMs = performance.now() - started;
  return summary;

  async function indexBatch(batch: Array<{ path: string; hash: string; bytes: Uint8Array; old?: LedgerEntry }>) {
    const stale = batch.flatMap((b) => b.old?.chunkIds ?? []);
    if (stale.length > 0) {
      await store.deleteDocuments(stale);
      summary.replacedChunks += stale.length;
    }
    const sources = batch.map((b) => ({ data: b.bytes, meta: { file_path: b.path } }));
    const result = await pipeline.run(
      { router: { sources } },
      {
        includeOutputsFrom: [...CONVERTER_NAMES, 'embedder'] as readonly string[],
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const failures = CONVERTER_NAMES.flatMap((name) =>
      result[name] ? outputOf(result, name, 'failures', z.array(z.object({ source: z.string(), error: z.string() }))) : [],
    );
    const chunks: Document[] = outputOf(result, 'embedder', 'documents', SocketSchemas.documents);
    const failedPaths = new Set(failures.map((f) => f.source));
    for (const f of failures) summary.failed.push({ path: f.source, error: f.error });
    const idsByPath = new Map<string, string[]>();
    for (const c of chunks) {
      const path = String(c.meta.file_path);
      idsByPath.set(path, [...(idsByPath.get(path) ?? []), c.id]);
    }
    const indexedAt = new Date().toISOString();
    const entries = batch
      .filter((b) => !failedPaths.has(b.path))
      .map((b) => ({ path: b.path, hash: b.hash, chunkIds: idsByPath.get(b.path) ?? [], indexedAt }));
    await ledger.put(entries);
    summary.indexed += entries.length;
    summary.chunks += chunks.length;
  }
}
