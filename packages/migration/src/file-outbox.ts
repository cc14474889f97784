import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Document, DocumentStore, DuplicatePolicy } from '@synapse-rag/core';
import { OutboxError } from './errors.js';

/** An operation a store still has to apply. */
export type OutboxOperation =
  | { op: 'write'; documents: Document[]; policy: 'skip' | 'overwrite' }
  | { op: 'delete'; ids: string[] };

/** A queued operation with its sequence number (increasing, starting at 1 in each file). */
export type OutboxEntry = OutboxOperation & { seq: number; time: number };

/** Result of {@link FileOutbox.replay}. */
export interface ReplayResult {
  /** Entries applied (and acknowledged) by this call. */
  applied: number;
  /** Entries still waiting (non-zero only when the store failed; see `error`). */
  remaining: number;
  /** Why the replay stopped early. */
  error?: unknown;
}

/**
 * The replay policy of a dual-written document: the target already enforced the caller's policy,
 * so the other store mirrors the accepted documents (`overwrite`), except `skip`, which keeps what
 * that store holds. Both are idempotent: applying an entry twice leaves the same state.
 */
export function replayPolicy(policy: DuplicatePolicy | undefined): 'skip' | 'overwrite' {
  return policy === 'skip' ? 'skip' : 'overwrite';
}

/**
 * A durable, append-only outbox in a JSON Lines file: one line per queued operation
 * (`{"seq":1,"op":"write",...}`) and one per acknowledgement (`{"ack":1}`). Every append is
 * `fsync`ed before it resolves, so a queued operation survives `kill -9` and power loss; the file
 * is truncated when nothing is pending. A torn last line (a crash during an append that therefore
 * never resolved) is dropped on open.
 *
 * Operations are idempotent (`overwrite`/`skip` writes, deletes), so a crash between applying an
 * entry and acknowledging it only means it is applied again. One outbox file belongs to one process
 * at a time.
 */
export class FileOutbox {
  private readonly entries = new Map<number, OutboxEntry>();
  private nextSeq = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
  ) {}

  /** Opens (or creates) the outbox file and loads its pending entries. */
  static async open(path: string): Promise<FileOutbox> {
    const file = resolve(path);
    await mkdir(dirname(file), { recursive: true });
    let handle: FileHandle;
    try {
      handle = await open(file, 'a+');
    } catch (error) {
      throw new OutboxError(`Cannot open the outbox file ${file}: ${(error as Error).message}`, { cause: error });
    }
    const outbox = new FileOutbox(file, handle);
    try {
      await outbox.load();
      await syncDirectory(dirname(file));
    } catch (error) {
      await handle.close();
      throw error;
    }
    return outbox;
  }

  /** Number of pending operations. */
  get size(): number {
    return this.entries.size;
  }

  /** Pending operations, oldest first. */
  pending(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Appends an operation and fsyncs; resolves with its sequence number once it is on disk. */
  append(operation: OutboxOperation): Promise<number> {
    return this.serial(async () => {
      const entry = { ...operation, seq: this.nextSeq, time: Date.now() } as OutboxEntry;
      await this.write(`${JSON.stringify(entry)}\n`);
      this.nextSeq++;
      this.entries.set(entry.seq, entry);
      return entry.seq;
    });
  }

  /** Marks entries as applied; truncates the file when none is left. */
  acknowledge(seqs: readonly number[]): Promise<void> {
    return this.serial(async () => {
      const known = seqs.filter((seq) => this.entries.has(seq));
      if (known.length === 0) return;
      for (const seq of known) this.entries.delete(seq);
      if (this.entries.size === 0) {
        await this.handle.truncate(0);
        await this.handle.sync();
      } else {
        await this.write(known.map((seq) => `${JSON.stringify({ ack: seq })}\n`).join(''));
      }
    });
  }

  /**
   * Applies the pending entries to `store` in order, acknowledging each one after the store
   * accepted it. Stops at the first failure (the rest stay queued, in order). Idempotent.
   */
  async replay(store: DocumentStore): Promise<ReplayResult> {
    let applied = 0;
    for (const entry of this.pending()) {
      try {
        if (entry.op === 'write') await store.writeDocuments(entry.documents, { policy: entry.policy });
        else await store.deleteDocuments(entry.ids);
      } catch (error) {
        return { applied, remaining: this.size, error };
      }
      await this.acknowledge([entry.seq]);
      applied++;
    }
    return { applied, remaining: this.size };
  }

  /** Closes the file. Pending entries stay in it for the next {@link FileOutbox.open}. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain.catch(() => {});
    await this.handle.close();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new OutboxError(`The outbox ${this.path} is closed.`));
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private async write(text: string): Promise<void> {
    try {
      await this.handle.appendFile(text, 'utf8');
      await this.handle.sync();
    } catch (error) {
      throw new OutboxError(`Cannot append to the outbox file ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async load(): Promise<void> {
    const text = await this.handle.readFile('utf8');
    if (text === '') return;
    const lines = text.split('\n');
    let validBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const last = i === lines.length - 1;
      if (line === '') {
        if (!last) validBytes += 1;
        continue;
      }
      let record: { seq?: unknown; ack?: unknown };
      try {
        record = JSON.parse(line) as { seq?: unknown; ack?: unknown };
        if (last) throw new Error('no newline: the append did not complete');
      } catch (error) {
        if (last) break; // torn tail of an append that never resolved: drop it
        throw new OutboxError(`The outbox file ${this.path} is corrupt at line ${i + 1}: ${(error as Error).message}`, {
          cause: error,
          details: { line: i + 1 },
        });
      }
      if (typeof record.ack === 'number') this.entries.delete(record.ack);
      else if (typeof record.seq === 'number') {
        this.entries.set(record.seq, record as OutboxEntry);
        this.nextSeq = Math.max(this.nextSeq, record.seq + 1);
      }
      validBytes += Buffer.byteLength(line, 'utf8') + 1;
    }
    if (validBytes < Buffer.byteLength(text, 'utf8')) {
      await this.handle.truncate(validBytes);
      await this.handle.sync();
    }
  }
}

/** fsyncs a directory so a newly created file's entry is durable too (best effort: not every platform allows it). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directories cannot be fsync'ed everywhere (e.g. Windows); the file itself is synced.
  }
}
