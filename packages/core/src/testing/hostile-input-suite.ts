import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, Meta } from '../document.js';
import type { DocumentStore } from '../store/document-store.js';

/** Options of {@link runHostileInputSuite}. */
export interface HostileInputSuiteOptions {
  /** A fresh, empty store with embedding dimension 3. */
  createStore(): Promise<DocumentStore>;
  destroyStore?(store: DocumentStore): Promise<void>;
  /**
   * The backend's state outside this store (table / collection list, row counts, a canary's
   * contents), compared before and after every hostile call: nothing else may change.
   */
  snapshotBackend(): Promise<unknown>;
}

/** Strings aimed at SQL (no dots: a dot in a filter field separates meta keys), JSON paths, regexes and Chroma's where language. */
export const HOSTILE_STRINGS: readonly string[] = [
  `x'; DROP TABLE canary; --`,
  `"); DELETE FROM canary; --`,
  'a;b',
  '$$ LANGUAGE sql $$',
  '$1',
  'back\\slash\\\\',
  "' OR '1'='1",
  '{"$ne": null}',
  '$and',
  'ｍｅｔａ', // full-width look-alike
  'а', // Cyrillic a
  'k\u200bey', // zero-width space
  '%_*?[^]',
  'k'.repeat(10_000),
];

const key = (i: number) => `h${i}-${HOSTILE_STRINGS[i]!}`;

/**
 * Hostile and malformed input against one store: every string above as a meta key, a meta value
 * and a filter value is stored and matched literally (or raises a typed error); invalid writes
 * (wrong dimension, NaN/Infinity, lone surrogates, NUL characters, duplicate ids in a batch) raise
 * typed errors and leave the store and the rest of the backend unchanged; empty batches write
 * nothing; unknown operators raise `FilterError`.
 */
export function runHostileInputSuite(name: string, options: HostileInputSuiteOptions): void {
  describe(`${name}: hostile input`, () => {
    let store: DocumentStore;
    let backend: unknown;
    const seed: Document = { id: 'seed', content: 'seed', meta: { keep: 1 }, embedding: [1, 0, 0] };
    const contents = async () => (await store.filterDocuments()).map((d) => JSON.stringify([d.id, d.content, d.meta])).sort();

    beforeAll(async () => {
      store = await options.createStore();
      await store.writeDocuments([seed]);
      backend = await options.snapshotBackend();
    }, 60_000);
    afterAll(async () => {
      if (store) await options.destroyStore?.(store);
    });

    /** Runs `fn`; it must raise an error with a string `code`; store and backend unchanged. */
    async function expectRejectedUnchanged(what: string, fn: () => Promise<unknown>): Promise<string> {
      const before = await contents();
      let error: unknown;
      try {
        await fn();
      } catch (err) {
        error = err;
      }
      expect(error, `${what}: expected a typed error`).toBeDefined();
      const code = (error as { code?: unknown }).code;
      expect(typeof code, `${what}: untyped error ${String(error)}`).toBe('string');
      expect(await contents(), `${what}: store changed`).toEqual(before);
      expect(await options.snapshotBackend(), `${what}: backend changed`).toEqual(backend);
      return code as string;
    }

    it('stores hostile meta keys and values literally and filters on them; nothing else changes', async () => {
      const docs: Document[] = HOSTILE_STRINGS.map((s, i) => ({
        id: `hostile-${i}-${s.slice(0, 40)}`,
        content: s,
        meta: { [key(i)]: s, v: s } as Meta,
        embedding: [1, i + 1, 0],
      }));
      await store.writeDocuments(docs);
      for (const [i, s] of HOSTILE_STRINGS.entries()) {
        const shown = JSON.stringify(s.slice(0, 40));
        const byKey = await store.filterDocuments({ field: `meta.${key(i)}`, operator: '==', value: s });
        expect(
          byKey.map((d) => d.id),
          `key ${shown}`,
        ).toEqual([docs[i]!.id]);
        expect(byKey[0]!.meta, `meta ${shown}`).toEqual(docs[i]!.meta);
        const byValue = await store.filterDocuments({ field: 'meta.v', operator: 'in', value: [s, 'absent'] });
        expect(
          byValue.map((d) => d.id),
          `value ${shown}`,
        ).toEqual([docs[i]!.id]);
        const byContent = await store.filterDocuments({ field: 'content', operator: '!=', value: s });
        expect(byContent.length, `content != ${shown}`).toBe(HOSTILE_STRINGS.length); // all others + seed
      }
      expect(await options.snapshotBackend()).toEqual(backend);
      await store.deleteDocuments(docs.map((d) => d.id));
      expect(await contents()).toEqual([JSON.stringify([seed.id, seed.content, seed.meta])]);
    }, 120_000);

    it('rejects invalid documents with typed errors, writing nothing (whole batch)', async () => {
      const ok: Document = { id: 'ok', content: 'ok', meta: {}, embedding: [0, 1, 0] };
      const bad: [string, unknown][] = [
        ['wrong dimension', { id: 'b', content: 'x', meta: {}, embedding: [1, 2] }],
        ['NaN embedding', { id: 'b', content: 'x', meta: {}, embedding: [Number.NaN, 0, 0] }],
        ['Infinity embedding', { id: 'b', content: 'x', meta: {}, embedding: [0, Number.POSITIVE_INFINITY, 0] }],
        ['NaN meta', { id: 'b', content: 'x', meta: { n: Number.NaN }, embedding: [1, 1, 1] }],
        ['empty id', { id: '', content: 'x', meta: {}, embedding: [1, 1, 1] }],
      ];
      for (const [what, doc] of bad) {
        await expectRejectedUnchanged(what, () => store.writeDocuments([ok, doc as Document]));
      }
      // Text some backends cannot hold: a typed error and nothing written, or stored exactly.
      const unstorable: [string, Document][] = [
        ['NUL in content', { id: 'u1', content: 'a\u0000b', meta: {}, embedding: [1, 1, 1] }],
        ['NUL in meta key', { id: 'u2', content: 'x', meta: { 'a\u0000': 1 }, embedding: [1, 1, 1] }],
        ['NUL in meta value', { id: 'u3', content: 'x', meta: { a: 'x\u0000' }, embedding: [1, 1, 1] }],
        ['lone surrogate in content', { id: 'u4', content: 'x\ud800y', meta: {}, embedding: [1, 1, 1] }],
        ['lone surrogate in meta', { id: 'u5', content: 'x', meta: { a: '\udc00' }, embedding: [1, 1, 1] }],
      ];
      for (const [what, doc] of unstorable) {
        const before = await contents();
        try {
          await store.writeDocuments([ok, doc]);
        } catch (error) {
          expect(typeof (error as { code?: unknown }).code, `${what}: untyped error ${String(error)}`).toBe('string');
          expect(await contents(), `${what}: store changed`).toEqual(before);
          continue;
        }
        const [read] = await store.filterDocuments({ field: 'id', operator: '==', value: doc.id });
        expect(read && { content: read.content, meta: read.meta }, `${what}: not stored exactly`).toEqual({
          content: doc.content,
          meta: doc.meta,
        });
        await store.deleteDocuments([ok.id, doc.id]);
      }
      expect(await options.snapshotBackend()).toEqual(backend);
      const code = await expectRejectedUnchanged('duplicate ids in one batch (policy none)', () =>
        store.writeDocuments([ok, { ...ok, content: 'again' }], { policy: 'none' }),
      );
      expect(code).toBe('DUPLICATE_DOCUMENT');
    }, 120_000);

    it('answers or rejects (FilterError) NUL characters in filters, and rejects unknown operators', async () => {
      for (const filter of [
        { field: 'meta.a', operator: '==', value: 'x\u0000' },
        { field: 'meta.a\u0000', operator: '==', value: 1 },
        { field: 'content', operator: 'in', value: ['\u0000'] },
      ]) {
        try {
          expect(await store.filterDocuments(filter as never)).toEqual([]);
        } catch (error) {
          expect((error as { code?: unknown }).code, JSON.stringify(filter)).toBe('FILTER_INVALID');
        }
      }
      for (const filter of [
        { field: 'meta.a', operator: 'LIKE', value: '%' },
        { field: 'meta.a', operator: '$where', value: '1' },
        { operator: 'XOR', conditions: [] },
      ]) {
        const code = await expectRejectedUnchanged(JSON.stringify(filter), () => store.filterDocuments(filter as never));
        expect(code, JSON.stringify(filter)).toBe('FILTER_INVALID');
      }
    });

    it('handles an empty batch, empty content and a 10 MB document', async () => {
      expect(await store.writeDocuments([])).toBe(0);
      const big = 'Zürich 🚀 '.repeat(1_100_000).slice(0, 10_000_000);
      const docs: Document[] = [
        { id: 'empty', content: '', meta: {}, embedding: [0, 0, 1] },
        { id: 'big', content: big, meta: {}, embedding: [0, 1, 1] },
      ];
      expect(await store.writeDocuments(docs)).toBe(2);
      const read = new Map(
        (await store.filterDocuments({ field: 'id', operator: 'in', value: ['empty', 'big'] })).map((d) => [d.id, d]),
      );
      expect(read.get('empty')?.content).toBe('');
      expect(read.get('big')?.content.length).toBe(big.length);
      expect(read.get('big')?.content === big).toBe(true);
      await store.deleteDocuments(['empty', 'big']);
      expect(await options.snapshotBackend()).toEqual(backend);
    }, 120_000);
  });
}
