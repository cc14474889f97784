import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { DocumentLimiter } from './document-limiter.js';

const doc = (id: string, content: string, score?: number): Document =>
  score === undefined ? { id, content, meta: { id } } : { id, content, meta: { id }, score };
const ids = (docs: Document[]) => docs.map((d) => d.id);

const docs = [
  doc('a', 'alpha beta gamma delta', 0.9), // 22 chars, 4 words
  doc('b', 'epsilon zeta', 0.1), // 12 chars, 2 words
  doc('c', 'eta theta iota kappa lambda', 0.5), // 27 chars, 5 words
  doc('d', 'mu', 0.7),
];

describe('DocumentLimiter', () => {
  it('keeps the first topK documents in input order (default 10)', async () => {
    expect(new DocumentLimiter().options.topK).toBe(10);
    const many = Array.from({ length: 12 }, (_, i) => doc(`d${i}`, 'x'));
    expect(ids((await new DocumentLimiter().run({ documents: many })).documents)).toHaveLength(10);
    expect(ids((await new DocumentLimiter({ topK: 2 }).run({ documents: docs })).documents)).toEqual(['a', 'b']);
    expect(ids((await new DocumentLimiter({ topK: 2 }).run({ documents: docs, topK: 3 })).documents)).toEqual(['a', 'b', 'c']);
  });

  it('stops at the first document that overflows maxCharacters (output is a prefix)', async () => {
    const l = new DocumentLimiter({ maxCharacters: 40 });
    // a (22) + b (12) = 34; c (27) would overflow; d (2) would fit but comes after c.
    expect(ids((await l.run({ documents: docs })).documents)).toEqual(['a', 'b']);
    const exact = new DocumentLimiter({ maxCharacters: 34 });
    expect(ids((await exact.run({ documents: docs })).documents)).toEqual(['a', 'b']);
  });

  it('truncates the overflowing document at a word boundary and marks it when truncateLast is set', async () => {
    const l = new DocumentLimiter({ maxCharacters: 50, truncateLast: true });
    const out = (await l.run({ documents: docs })).documents;
    expect(ids(out)).toEqual(['a', 'b', 'c']);
    // 16 characters left for c: "eta theta iota k" → cut back to the word boundary.
    expect(out[2]).toMatchObject({ content: 'eta theta iota', meta: { id: 'c', _truncated: true }, score: 0.5 });
    expect(out[0]!.meta).toEqual({ id: 'a' });
    expect(docs[2]!.content).toBe('eta theta iota kappa lambda');
    expect(docs[2]!.meta).toEqual({ id: 'c' });
  });

  it('drops rather than emits an empty truncated document', async () => {
    const l = new DocumentLimiter({ maxCharacters: 22, truncateLast: true });
    expect(ids((await l.run({ documents: docs })).documents)).toEqual(['a']);
  });

  it('budgets tokens with the chars/4 estimate by default', async () => {
    // a: ceil(22/4)=6, b: 3, c: 7 → 9 used after a+b, c needs 7 > 5 left.
    const l = new DocumentLimiter({ maxTokens: 14 });
    expect(ids((await l.run({ documents: docs })).documents)).toEqual(['a', 'b']);
    const t = new DocumentLimiter({ maxTokens: 14, truncateLast: true });
    const out = (await t.run({ documents: docs })).documents;
    // 5 tokens left → 20 characters: "eta theta iota kappa" ends exactly on a word boundary.
    expect(out[2]).toMatchObject({ content: 'eta theta iota kappa', meta: { _truncated: true } });
  });

  it('budgets tokens as words with the whitespace counter', async () => {
    const l = new DocumentLimiter({ maxTokens: 8, tokenCounter: 'whitespace', truncateLast: true });
    const out = (await l.run({ documents: docs })).documents;
    expect(ids(out)).toEqual(['a', 'b', 'c']);
    expect(out[2]!.content).toBe('eta theta');
  });

  it('applies both budgets together', async () => {
    const l = new DocumentLimiter({ maxCharacters: 60, maxTokens: 7, tokenCounter: 'whitespace', truncateLast: true });
    const out = (await l.run({ documents: docs })).documents;
    expect(out.map((d) => d.content)).toEqual(['alpha beta gamma delta', 'epsilon zeta', 'eta']);
  });

  it('keeps documents within budget (property)', async () => {
    const docArb = fc.record({ id: fc.uuid(), content: fc.string({ maxLength: 80 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { maxLength: 15 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        async (raw, maxCharacters, truncateLast) => {
          const input = raw.map((r) => doc(r.id, r.content));
          const out = (await new DocumentLimiter({ maxCharacters, truncateLast, topK: 8 }).run({ documents: input })).documents;
          expect(out.length).toBeLessThanOrEqual(8);
          expect(out.reduce((n, d) => n + d.content.length, 0)).toBeLessThanOrEqual(maxCharacters);
          out.forEach((d, i) => {
            expect(d.id).toBe(input[i]!.id);
            expect(input[i]!.content.startsWith(d.content)).toBe(true);
            if (d.meta['_truncated'] === true) expect(i).toBe(out.length - 1);
          });
        },
      ),
    );
  });

  it('rejects bad options and run inputs', async () => {
    expect(() => new DocumentLimiter({ topK: 0 })).toThrow(InvalidOptionsError);
    expect(() => new DocumentLimiter({ maxCharacters: -5 })).toThrow(/maxCharacters/);
    expect(() => new DocumentLimiter({ maxTokens: 1.5 })).toThrow(/maxTokens/);
    expect(() => new DocumentLimiter({ tokenCounter: 'bpe' as never })).toThrow(/tokenCounter/);
    await expect(new DocumentLimiter().run({ documents: docs, topK: -1 })).rejects.toThrow(
      /topK must be a positive integer, got -1/,
    );
  });

  it('round-trips through the registry', async () => {
    const l = new DocumentLimiter({ topK: 3, maxCharacters: 45, maxTokens: 100, tokenCounter: 'whitespace', truncateLast: true });
    const json = l.toJSON();
    expect(json).toEqual({
      type: 'core.DocumentLimiter',
      options: { topK: 3, maxCharacters: 45, maxTokens: 100, tokenCounter: 'whitespace', truncateLast: true },
    });
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(DocumentLimiter);
    expect(await copy.run({ documents: docs }, undefined as never)).toEqual(await l.run({ documents: docs }));
  });
});
