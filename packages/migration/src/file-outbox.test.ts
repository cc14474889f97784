import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocument, InMemoryDocumentStore } from '@synapse-rag/core';
import { useTempDir } from '@synapse-rag/core/testing';
import { describe, expect, it } from 'vitest';
import { OutboxError } from './errors.js';
import { FileOutbox } from './file-outbox.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('FileOutbox', () => {
  const tempPath = useTempDir('synapse-outbox-', 'each');

  it('keeps pending entries across reopen; acknowledged ones are gone; the file is emptied when drained', async () => {
    const path = tempPath('outbox.jsonl');
    const outbox = await FileOutbox.open(path);
    const doc = createDocument({ id: 'a', content: 'alpha', meta: { n: 1 }, embedding: [0.1, 0.2] });
    expect(await outbox.append({ op: 'write', documents: [doc], policy: 'overwrite' })).toBe(1);
    expect(await outbox.append({ op: 'delete', ids: ['b'] })).toBe(2);
    await outbox.acknowledge([1]);
    await outbox.close();

    const again = await FileOutbox.open(path);
    expect(again.pending().map((e) => [e.seq, e.op])).toEqual([[2, 'delete']]);
    expect(await again.append({ op: 'delete', ids: ['c'] })).toBe(3);
    await again.acknowledge([2, 3]);
    expect(again.size).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
    await again.close();
  });

  it('replay applies entries in order, is idempotent, and stops (keeping the rest) at a failure', async () => {
    const outbox = await FileOutbox.open(tempPath('o.jsonl'));
    const store = new InMemoryDocumentStore();
    await outbox.append({ op: 'write', policy: 'overwrite', documents: [createDocument({ id: 'a', content: 'one' })] });
    await outbox.append({ op: 'write', policy: 'overwrite', documents: [createDocument({ id: 'a', content: 'two' })] });
    await outbox.append({ op: 'write', policy: 'overwrite', documents: [createDocument({ id: 'b', content: 'bee' })] });
    await outbox.append({ op: 'delete', ids: ['b'] });
    // Applying an entry twice (crash between apply and ack) changes nothing.
    await store.writeDocuments([createDocument({ id: 'a', content: 'one' })]);
    expect(await outbox.replay(store)).toEqual({ applied: 4, remaining: 0 });
    expect((await store.filterDocuments()).map((d) => [d.id, d.content])).toEqual([['a', 'two']]);
    expect(await outbox.replay(store)).toEqual({ applied: 0, remaining: 0 });

    await outbox.append({ op: 'delete', ids: ['a'] });
    await outbox.append({ op: 'write', policy: 'overwrite', documents: [createDocument({ id: 'c', content: 'sea' })] });
    const failing = new InMemoryDocumentStore();
    failing.deleteDocuments = async () => {
      throw new Error('down');
    };
    const result = await outbox.replay(failing);
    expect(result).toMatchObject({ applied: 0, remaining: 2 });
    expect((result.error as Error).message).toBe('down');
    expect(outbox.pending().map((e) => e.op)).toEqual(['delete', 'write']);
    await outbox.close();
  });

  it('drops a torn last line, rejects corruption in the middle', async () => {
    const path = tempPath('torn.jsonl');
    const outbox = await FileOutbox.open(path);
    await outbox.append({ op: 'delete', ids: ['x'] });
    await outbox.close();
    await appendFile(path, '{"seq":2,"op":"del');
    const reopened = await FileOutbox.open(path);
    expect(reopened.pending().map((e) => e.seq)).toEqual([1]);
    expect(await reopened.append({ op: 'delete', ids: ['y'] })).toBe(2);
    await reopened.close();
    expect((await FileOutbox.open(path)).pending().map((e) => e.seq)).toEqual([1, 2]);

    const bad = tempPath('bad.jsonl');
    await writeFile(bad, '{"seq":1,"op":"delete","ids":[]}\nnot json\n{"ack":1}\n');
    await expect(FileOutbox.open(bad)).rejects.toThrow(OutboxError);
    await expect(FileOutbox.open(bad)).rejects.toThrow(/corrupt at line 2/);
  });

  it('every append that resolved survives kill -9 of the writing process', async () => {
    const path = tempPath('killed.jsonl');
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(here, '../test/outbox-writer.ts'), path],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const confirmed: number[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) confirmed.push(Number(line));
        if (confirmed.length >= 200 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => (confirmed.length >= 200 ? resolve() : reject(new Error(`writer exited early: ${stderr}`))));
    });
    expect(await exited).toBe('SIGKILL');
    const outbox = await FileOutbox.open(path);
    const pending = new Set(outbox.pending().map((e) => e.seq));
    expect(confirmed.filter((seq) => !pending.has(seq))).toEqual([]);
    const first = outbox.pending()[0]!;
    expect(first).toMatchObject({ op: 'write', documents: [{ id: 'doc-0', meta: { i: 0 }, embedding: [0, 0.5, -1] }] });
    await outbox.close();
  });
});
