import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { Document } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { DocumentScoreFilter } from './document-score-filter.js';

const doc = (id: string, score?: number): Document =>
  score === undefined ? { id, content: id, meta: {} } : { id, content: id, meta: {}, score };
const docs = [doc('a', 0.9), doc('b', 0.2), doc('u'), doc('c', 0.5), doc('d', 0.49999), doc('n', Number.NaN)];

describe('DocumentScoreFilter', () => {
  it('keeps documents scoring at least minScore, in input order, and drops unscored ones', async () => {
    const f = new DocumentScoreFilter({ minScore: 0.5 });
    expect((await f.run({ documents: docs })).documents.map((d) => d.id)).toEqual(['a', 'c']);
  });

  it('keeps unscored documents (no score, NaN) when keepUnscored is set', async () => {
    const f = new DocumentScoreFilter({ minScore: 0.5, keepUnscored: true });
    expect((await f.run({ documents: docs })).documents.map((d) => d.id)).toEqual(['a', 'u', 'c', 'n']);
  });

  it('applies an inclusive maxScore', async () => {
    const f = new DocumentScoreFilter({ minScore: 0.2, maxScore: 0.5 });
    expect((await f.run({ documents: docs })).documents.map((d) => d.id)).toEqual(['b', 'c', 'd']);
  });

  it('lets the minScore run input override the option, including negative thresholds', async () => {
    const f = new DocumentScoreFilter({ minScore: 0.5 });
    expect((await f.run({ documents: docs, minScore: 0.9 })).documents.map((d) => d.id)).toEqual(['a']);
    expect((await f.run({ documents: [doc('x', -2), doc('y', -0.5)], minScore: -1 })).documents.map((d) => d.id)).toEqual(['y']);
  });

  it('returns copies', async () => {
    const input = [doc('a', 0.9)];
    const out = (await new DocumentScoreFilter({ minScore: 0 }).run({ documents: input })).documents;
    expect(out[0]).toEqual(input[0]);
    expect(out[0]).not.toBe(input[0]);
    expect(out[0]!.meta).not.toBe(input[0]!.meta);
  });

  it('rejects bad options and run inputs with clear messages', async () => {
    expect(() => new DocumentScoreFilter({} as never)).toThrow(InvalidOptionsError);
    expect(() => new DocumentScoreFilter({} as never)).toThrow(/minScore/);
    expect(() => new DocumentScoreFilter({ minScore: 0.8, maxScore: 0.2 })).toThrow(
      /maxScore \(0\.2\) is below minScore \(0\.8\)/,
    );
    const f = new DocumentScoreFilter({ minScore: 0.1, maxScore: 0.5 });
    await expect(f.run({ documents: docs, minScore: 0.7 })).rejects.toThrow(
      /minScore \(0\.7\) is above the configured maxScore \(0\.5\)/,
    );
    await expect(f.run({ documents: docs, minScore: 'x' as never })).rejects.toThrow(/minScore must be a number, got x/);
  });

  it('round-trips through the registry', async () => {
    const f = new DocumentScoreFilter({ minScore: 0.3, maxScore: 0.95, keepUnscored: true });
    const json = f.toJSON();
    expect(json).toEqual({ type: 'core.DocumentScoreFilter', options: { minScore: 0.3, maxScore: 0.95, keepUnscored: true } });
    const copy = defaultRegistry.createComponent(JSON.parse(JSON.stringify(json)));
    expect(copy).toBeInstanceOf(DocumentScoreFilter);
    expect(copy.toJSON()).toEqual(json);
    expect(await copy.run({ documents: docs }, undefined as never)).toEqual(await f.run({ documents: docs }));
  });
});
