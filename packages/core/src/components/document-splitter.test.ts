import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { createDocument, type Document, documentId } from '../document.js';
import { InvalidOptionsError } from '../errors.js';
import { DocumentSplitter, type DocumentSplitterOptions } from './document-splitter.js';

const TEXT = 'This is a text with some words. There is a second sentence. And there is a third sentence.';

async function split(options: DocumentSplitterOptions, ...contents: string[]): Promise<Document[]> {
  const out = await new DocumentSplitter(options).run({ documents: contents.map((content) => createDocument({ content })) });
  return out.documents;
}
const contents = (docs: Document[]) => docs.map((d) => d.content);
const pages = (docs: Document[]) => docs.map((d) => d.meta.page_number);

/** The source text rebuilt from overlapping splits (Haystack's test helper `merge_documents`). */
function merge(docs: Document[]): string {
  let text = '';
  let end = 0;
  for (const doc of docs) {
    const start = doc.meta.split_idx_start as number;
    text += doc.content.slice(Math.max(start, end) - start);
    end = start + doc.content.length;
  }
  return text;
}

describe('DocumentSplitter', () => {
  it('splits by word, keeping the spaces, with split ids, offsets and the source meta', async () => {
    const source = createDocument({ content: TEXT, meta: { lang: 'en' } });
    const { documents } = await new DocumentSplitter({ splitLength: 10 }).run({ documents: [source] });
    expect(documents).toEqual([
      {
        id: documentId('This is a text with some words. There is a ', {
          lang: 'en',
          source_id: source.id,
          page_number: 1,
          split_id: 0,
          split_idx_start: 0,
        }),
        content: 'This is a text with some words. There is a ',
        meta: { lang: 'en', source_id: source.id, page_number: 1, split_id: 0, split_idx_start: 0 },
      },
      {
        id: documentId('second sentence. And there is a third sentence.', {
          lang: 'en',
          source_id: source.id,
          page_number: 1,
          split_id: 1,
          split_idx_start: 43,
        }),
        content: 'second sentence. And there is a third sentence.',
        meta: { lang: 'en', source_id: source.id, page_number: 1, split_id: 1, split_idx_start: 43 },
      },
    ]);
    expect(source.meta).toEqual({ lang: 'en' });
  });

  it('splits several documents, numbering splits per document', async () => {
    const second = `${TEXT.replace('a text', 'a different text')} And there is a fourth sentence.`;
    const docs = await split({ splitLength: 10 }, TEXT, second);
    expect(contents(docs)).toEqual([
      'This is a text with some words. There is a ',
      'second sentence. And there is a third sentence.',
      'This is a different text with some words. There is ',
      'a second sentence. And there is a third sentence. And ',
      'there is a fourth sentence.',
    ]);
    expect(docs.map((d) => d.meta.split_id)).toEqual([0, 1, 0, 1, 2]);
    for (const d of docs.slice(2)) expect(d.meta.split_idx_start).toBe(second.indexOf(d.content));
  });

  it('appends a trailing split shorter than splitThreshold to the previous one, without repeating the overlap', async () => {
    expect(contents(await split({ splitLength: 15, splitThreshold: 10 }, TEXT))).toEqual([TEXT]);
    expect(contents(await split({ splitLength: 3, splitOverlap: 1, splitThreshold: 3 }, 'a b c d e f'))).toEqual([
      'a b c ',
      'c d e f',
    ]);
  });

  it('splits by period, line, passage and page, keeping delimiters', async () => {
    expect(contents(await split({ splitBy: 'period', splitLength: 1 }, TEXT))).toEqual([
      'This is a text with some words.',
      ' There is a second sentence.',
      ' And there is a third sentence.',
    ]);
    expect(contents(await split({ splitBy: 'line', splitLength: 1 }, 'One.\nTwo.\nThree.'))).toEqual([
      'One.\n',
      'Two.\n',
      'Three.',
    ]);
    expect(contents(await split({ splitBy: 'passage', splitLength: 1 }, 'P one.\n\nP two.\n\n P three.'))).toEqual([
      'P one.\n\n',
      'P two.\n\n',
      ' P three.',
    ]);
    const paged = await split({ splitBy: 'page', splitLength: 1 }, 'Page one.\f Page two.\f Page three.');
    expect(contents(paged)).toEqual(['Page one.\f', ' Page two.\f', ' Page three.']);
    expect(pages(paged)).toEqual([1, 2, 3]);
    expect(paged.map((d) => d.meta.split_idx_start)).toEqual([0, 10, 21]);
  });

  it('splits by sentence with Intl.Segmenter, keeping whitespace and abbreviations', async () => {
    const text = 'Dr. Smith arrived. He sat down!\nThen he left?  The end.';
    const docs = await split({ splitBy: 'sentence', splitLength: 2, splitOverlap: 1 }, text);
    expect(contents(docs)).toEqual([
      'Dr. Smith arrived. He sat down!\n',
      'He sat down!\nThen he left?  ',
      'Then he left?  The end.',
    ]);
    expect(docs.map((d) => d.meta.split_idx_start)).toEqual([0, 19, 32]);
    expect(merge(docs)).toBe(text);
  });

  it('counts pages from form feeds, with and without overlap (Haystack cases)', async () => {
    const a = 'This is some text.\f This text is on another page.';
    const b = 'This content has two.\f\f page brakes.';
    expect(pages(await split({ splitLength: 2 }, a, b))).toEqual([1, 1, 2, 2, 2, 1, 1, 3]);
    expect(pages(await split({ splitBy: 'period', splitLength: 1 }, a, b))).toEqual([1, 1, 1, 1]);
    const overlapA = 'This is some text. And\f this text is on another page.';
    expect(pages(await split({ splitLength: 3, splitOverlap: 1 }, overlapA, b))).toEqual([1, 1, 1, 2, 2, 1, 1, 3]);
    const periods = ['This is some text. And this is more text.\f This text is on another page. End.', `${b} More text.`];
    expect(pages(await split({ splitBy: 'period', splitLength: 2, splitOverlap: 1 }, ...periods))).toEqual([1, 1, 1, 2, 1, 1, 3]);
    const passages =
      'This is a text with some words.\f There is a second sentence.\n\nAnd there is a third sentence.\n\nAnd more passages.\n\n\f And another passage.';
    expect(pages(await split({ splitBy: 'passage', splitLength: 1 }, passages))).toEqual([1, 2, 2, 2]);
    expect(pages(await split({ splitBy: 'passage', splitLength: 2, splitOverlap: 1 }, passages))).toEqual([1, 2, 2]);
    const paged = 'Words. Second sentence.\f And a third sentence.\f And another passage.';
    expect(pages(await split({ splitBy: 'page', splitLength: 2 }, paged))).toEqual([1, 3]);
    expect(pages(await split({ splitBy: 'page', splitLength: 2, splitOverlap: 1 }, paged))).toEqual([1, 2]);
  });

  it('records overlaps in both neighbors, and the splits rebuild the source', async () => {
    const text = 'This is a text with some words. There is a second sentence. And a third sentence.';
    const docs = await split({ splitLength: 10, splitOverlap: 5 }, text);
    expect(contents(docs)).toEqual([
      'This is a text with some words. There is a ',
      'some words. There is a second sentence. And a third ',
      'second sentence. And a third sentence.',
    ]);
    expect(docs.map((d) => d.meta.split_idx_start)).toEqual([0, 20, 43]);
    const [d0, d1, d2] = docs as [Document, Document, Document];
    expect(d0.meta._split_overlap).toEqual([{ doc_id: d1.id, range: [0, 23] }]);
    expect(d1.meta._split_overlap).toEqual([
      { doc_id: d0.id, range: [20, 43] },
      { doc_id: d2.id, range: [0, 29] },
    ]);
    expect(d2.meta._split_overlap).toEqual([{ doc_id: d1.id, range: [23, 52] }]);
    expect(d0.content.slice(20, 43)).toBe(d1.content.slice(0, 23));
    expect(merge(docs)).toBe(text);
    // Ids come from content + meta without the overlap records (which name the neighbors' ids).
    const { _split_overlap, ...meta } = d1.meta;
    expect(d1.id).toBe(documentId(d1.content, meta));
  });

  it('respects sentence boundaries when splitting by word', async () => {
    const text = 'One two three. Four five six seven. Eight nine. Ten eleven twelve thirteen fourteen.';
    const docs = await split({ splitLength: 6, splitOverlap: 2, respectSentenceBoundary: true }, text);
    expect(contents(docs)).toEqual([
      'One two three. ',
      'Four five six seven. Eight nine. ',
      // The last chunk keeps the overlap sentence even when that makes it longer (as Haystack does).
      'Eight nine. Ten eleven twelve thirteen fourteen.',
    ]);
    expect(docs.map((d) => d.meta.split_idx_start)).toEqual([0, 15, 36]);
  });

  it('skips empty documents unless told not to', async () => {
    expect(await split({}, '')).toEqual([]);
    expect(contents(await split({ skipEmptyDocuments: false }, ''))).toEqual(['']);
    expect(await split({}, ...[])).toEqual([]);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => new DocumentSplitter({ splitLength: 0 })).toThrow(/splitLength/);
    expect(() => new DocumentSplitter({ splitOverlap: -1 })).toThrow(/splitOverlap/);
    expect(() => new DocumentSplitter({ splitLength: 3, splitOverlap: 3 })).toThrow(InvalidOptionsError);
    expect(() => new DocumentSplitter({ splitBy: 'sentence', respectSentenceBoundary: true })).toThrow(/respectSentenceBoundary/);
    expect(() => new DocumentSplitter({ splitBy: 'character' as never })).toThrow(/splitBy/);
  });

  it('round-trips through the default registry', () => {
    const json = new DocumentSplitter({ splitBy: 'sentence', splitLength: 4, splitOverlap: 1, splitThreshold: 2 }).toJSON();
    expect(json.options).toMatchObject({ splitBy: 'sentence', splitLength: 4, splitOverlap: 1, splitThreshold: 2 });
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
