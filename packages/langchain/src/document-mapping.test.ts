import { Document as LangChainDocument } from '@langchain/core/documents';
import { type Document, documentId } from '@synapse-rag/core';
import { describe, expect, it } from 'vitest';
import { fromLangChainDocument, toJsonMeta, toLangChainDocument } from './document-mapping.js';

describe('document mapping', () => {
  it('round-trips Synapse → LangChain → Synapse exactly (id, meta, score)', () => {
    const doc: Document = { id: 'doc-1', content: 'pgvector', meta: { source: 'a.md', page: 3, tags: ['x'] }, score: 0.87 };
    const lc = toLangChainDocument(doc);
    expect(lc).toBeInstanceOf(LangChainDocument);
    expect(lc).toMatchObject({
      pageContent: 'pgvector',
      id: 'doc-1',
      metadata: { source: 'a.md', page: 3, tags: ['x'], score: 0.87 },
    });
    expect(fromLangChainDocument(lc)).toEqual(doc);
  });

  it('takes the id from id, else metadata[idKey], else the content hash', () => {
    expect(fromLangChainDocument({ pageContent: 'a', metadata: { id: 'meta-id' }, id: 'own' }).id).toBe('own');
    expect(fromLangChainDocument({ pageContent: 'a', metadata: { id: 'meta-id' } }).id).toBe('meta-id');
    expect(fromLangChainDocument({ pageContent: 'a', metadata: { uuid: 42 } }, { idKey: 'uuid' }).id).toBe('42');
    expect(fromLangChainDocument({ pageContent: 'a', metadata: { k: 1 } }).id).toBe(documentId('a', { k: 1 }));
  });

  it('moves a numeric score out of metadata; leaves a non-numeric one', () => {
    expect(fromLangChainDocument({ pageContent: 'a', metadata: { _sim: 0.5, x: 1 } }, { scoreKey: '_sim' })).toMatchObject({
      score: 0.5,
      meta: { x: 1 },
    });
    const d = fromLangChainDocument({ pageContent: 'a', metadata: { score: 'high' } });
    expect(d.score).toBeUndefined();
    expect(d.meta).toEqual({ score: 'high' });
  });

  it('makes arbitrary LangChain metadata JSON-safe', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic['self'] = cyclic;
    const meta = toJsonMeta({
      date: new Date('2024-01-02T03:04:05Z'),
      big: 12345678901234567890n,
      nan: Number.NaN,
      gone: undefined,
      fn: () => 1,
      nested: { arr: [1, undefined, 'x'], cyclic },
    });
    expect(meta).toEqual({
      date: '2024-01-02T03:04:05.000Z',
      big: '12345678901234567890',
      nan: null,
      nested: { arr: [1, null, 'x'], cyclic: { name: 'c' } },
    });
  });
});
