import { type Document, InvalidDocumentError } from '@synapse-rag/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HALFVEC_MAX, validateDocuments } from './document-validation.js';

const doc = (extra: Record<string, unknown> = {}): Document =>
  ({ id: 'd1', content: 'text', meta: { a: 1 }, embedding: [0.1, -0.2, 0.3], ...extra }) as Document;

const rejects = (docs: unknown[], message: RegExp, vectorType: 'vector' | 'halfvec' = 'vector') => {
  const call = () => validateDocuments(docs as Document[], 3, vectorType);
  expect(call).toThrow(InvalidDocumentError);
  expect(call).toThrow(message);
};

describe('validateDocuments', () => {
  it('accepts valid documents, absent embeddings and array holes in meta', () => {
    // biome-ignore lint/suspicious/noSparseArray: a hole is skipped like JSON.stringify's null
    const holes = [1, , 3];
    expect(() =>
      validateDocuments([doc(), doc({ id: 'd2', embedding: undefined }), doc({ id: 'd3', meta: { holes } })], 3, 'vector'),
    ).not.toThrow();
  });

  it.each([
    [{ id: 'a\u0000b' }, /id contains a NUL character/],
    [{ id: 'x'.repeat(2049) }, /id is longer than 2048 bytes/],
    [{ id: 'é'.repeat(1025) }, /id is longer than 2048 bytes/], // 2050 UTF-8 bytes in 1025 code units
    [{ content: 'a\u0000' }, /content contains a NUL character/],
    [{ meta: { 'k\u0000': 1 } }, /meta key "k\\u0000" contains a NUL/],
    [{ meta: { deep: { list: ['ok', 'no\u0000'] } } }, /meta.deep.list\[1\] contains a NUL/],
    [{ meta: { n: Number.NaN } }, /meta.n is NaN; JSON numbers must be finite/],
    [{ meta: { when: new Date(0) } }, /meta.when is not a JSON value/],
    [{ meta: { list: [undefined] } }, /meta.list\[0\] is not a JSON value \(undefined\)/],
    [{ meta: JSON.parse(`${'{"a":'.repeat(102)}1${'}'.repeat(102)}`) }, /nested more than 100 levels/],
    [{ embedding: [1, 2] }, /embedding has 2 dimensions, the store expects 3/],
    [{ embedding: [1, Number.NaN, 2] }, /embedding\[1\] is NaN/],
    [{ embedding: [1, 2, Number.NEGATIVE_INFINITY] }, /embedding\[2\] is -Infinity/],
    [{ embedding: [1, '2', 3] }, /embedding\[1\] is 2; embeddings must be finite numbers/],
    [{ embedding: null }, /embedding must be an array of numbers/],
    [{ embedding: [1, 2, 3.5e38] }, /embedding\[2\] is outside vector's range/],
  ])('rejects %o with a typed error naming the problem', (extra, message) => {
    rejects([doc(), doc({ id: 'd2', ...extra })], message);
  });

  it('halfvec: values beyond ±65504 are rejected, the limit itself is accepted', () => {
    expect(() => validateDocuments([doc({ embedding: [HALFVEC_MAX, -HALFVEC_MAX, 0] })], 3, 'halfvec')).not.toThrow();
    rejects([doc({ embedding: [0, 65520, 0] })], /embedding\[1\] is outside halfvec's range ±65504/, 'halfvec');
  });

  it('any single corrupted value anywhere in a batch is rejected; untouched batches pass', () => {
    const bad = fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, 'x\u0000', undefined, () => 1, 1n);
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.double({ noNaN: true, noDefaultInfinity: true }), s: fc.string() }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.nat(),
        fc.constantFrom('meta', 'embedding'),
        bad,
        (rows, at, where, value) => {
          const docs = rows.map((r, i) =>
            doc({ id: `d${i}`, meta: { r: { n: r.n, s: r.s.replaceAll('\u0000', '') } }, embedding: [r.n % 1e30, 0, 1] }),
          );
          expect(() => validateDocuments(docs, 3, 'vector')).not.toThrow();
          const target = docs[at % docs.length] as Document;
          if (where === 'meta') (target.meta as { r: { list?: unknown[] } }).r.list = [1, value];
          else (target.embedding as unknown[])[1] = value;
          expect(() => validateDocuments(docs, 3, 'vector')).toThrow(InvalidDocumentError);
        },
      ),
    );
  });
});
