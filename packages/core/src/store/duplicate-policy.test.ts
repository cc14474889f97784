import { describe, expect, it } from 'vitest';
import type { Document } from '../document.js';
import { DuplicateDocumentError, InvalidOptionsError } from '../errors.js';
import { dedupeBatch, resolveDuplicatePolicy } from './duplicate-policy.js';

const d = (id: string, content: string): Document => ({ id, content, meta: {} });
const batch = [d('a', '1'), d('b', '2'), d('a', '3'), d('c', '4'), d('b', '5')];

describe('resolveDuplicatePolicy', () => {
  it('maps none and an omitted policy to fail, keeps the others', () => {
    expect(['none', undefined, 'fail', 'skip', 'overwrite'].map((p) => resolveDuplicatePolicy(p, 'S'))).toEqual([
      'fail',
      'fail',
      'fail',
      'skip',
      'overwrite',
    ]);
  });

  it('rejects an unknown policy naming the owner', () => {
    expect(() => resolveDuplicatePolicy('replace', 'MyStore.writeDocuments')).toThrow(
      new InvalidOptionsError('MyStore.writeDocuments', 'policy must be one of none, skip, overwrite, fail, got "replace".'),
    );
  });
});

describe('dedupeBatch', () => {
  it('skip keeps the first occurrence of each id, in first-seen order', () => {
    const { documents, repeated } = dedupeBatch(batch, 'skip');
    expect(documents.map((x) => `${x.id}${x.content}`)).toEqual(['a1', 'b2', 'c4']);
    expect(repeated).toEqual(['a', 'b']);
  });

  it('overwrite keeps the last occurrence at the first one position', () => {
    expect(dedupeBatch(batch, 'overwrite').documents.map((x) => `${x.id}${x.content}`)).toEqual(['a3', 'b5', 'c4']);
  });

  it('fail rejects a batch with repeated ids, listing them', () => {
    let error: unknown;
    try {
      dedupeBatch(batch, 'fail');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DuplicateDocumentError);
    expect((error as DuplicateDocumentError).ids).toEqual(['a', 'b']);
    expect((error as Error).message).toContain('in the batch: a, b.');
  });

  it('fail with collectRepeats returns the repeats for the caller to report', () => {
    expect(dedupeBatch(batch, 'fail', { collectRepeats: true }).repeated).toEqual(['a', 'b']);
    expect(dedupeBatch([d('x', '1')], 'fail').documents).toEqual([d('x', '1')]);
  });
});
