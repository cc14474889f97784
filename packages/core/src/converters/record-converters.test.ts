import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { CsvToDocument } from './csv-to-document.js';
import { JsonToDocument } from './json-to-document.js';

const bytes = (text: string, file_path: string) => ({ data: new TextEncoder().encode(text), meta: { file_path } });

describe('JsonToDocument', () => {
  it('makes one document per record from a nested array, meta from the other fields', async () => {
    const json = JSON.stringify({
      data: {
        items: [
          { body: 'first', author: 'ann', n: 1 },
          { body: 'second', author: 'bo' },
        ],
      },
    });
    const { documents, failures } = await new JsonToDocument({ contentField: 'body', recordsPath: 'data.items' }).run({
      sources: [bytes(json, 'posts.json')],
    });
    expect(failures).toEqual([]);
    expect(documents.map((d) => [d.content, d.meta])).toEqual([
      ['first', { file_path: 'posts.json', row: 0, author: 'ann', n: 1 }],
      ['second', { file_path: 'posts.json', row: 1, author: 'bo' }],
    ]);
  });

  it('reads JSON Lines by extension, joins several content fields and picks meta fields', async () => {
    const jsonl = '{"q":"Why?","a":"Because.","tag":"x","skip":1}\n\n{"q":"How?","a":"Like so.","tag":"y"}\n';
    const { documents } = await new JsonToDocument({ contentField: ['q', 'a'], metaFields: ['tag'] }).run({
      sources: [bytes(jsonl, 'faq.jsonl')],
    });
    expect(documents.map((d) => [d.content, d.meta])).toEqual([
      ['Why?\n\nBecause.', { file_path: 'faq.jsonl', row: 0, tag: 'x' }],
      ['How?\n\nLike so.', { file_path: 'faq.jsonl', row: 1, tag: 'y' }],
    ]);
  });

  it('fails a whole source naming the missing field and the record, or the bad line', async () => {
    const converter = new JsonToDocument({ contentField: 'body' });
    const { documents, failures } = await converter.run({
      sources: [
        bytes('[{"body":"ok"},{"title":"no body"}]', 'a.json'),
        bytes('{"body":"x"}\nnot json\n', 'b.jsonl'),
        bytes('{"items": 3}', 'c.json'),
        bytes('{"body":"single record"}', 'd.json'),
      ],
    });
    expect(failures).toEqual([
      { source: 'a.json', error: 'record 1 has no content field "body"' },
      { source: 'b.jsonl', error: expect.stringMatching(/^line 2 is not valid JSON/) },
      { source: 'c.json', error: 'record 0 has no content field "body"' },
    ]);
    expect(documents.map((d) => d.content)).toEqual(['single record']);
    const nested = await new JsonToDocument({ contentField: 'body', recordsPath: 'items' }).run({
      sources: [bytes('{"items": 3}', 'c.json')],
    });
    expect(nested.failures[0]?.error).toBe('recordsPath "items" is not an array');
  });
});

describe('CsvToDocument', () => {
  it('makes one document per row; quoted cells, embedded newlines and typed meta', async () => {
    const csv = '\uFEFFquestion,answer,year,public\n"What, exactly?","It is\nthis.",2024,true\nWhy,Because,1999.5,false\n';
    const { documents, failures } = await new CsvToDocument({ contentField: 'answer' }).run({ sources: [bytes(csv, 'faq.csv')] });
    expect(failures).toEqual([]);
    expect(documents.map((d) => [d.content, d.meta])).toEqual([
      ['It is\nthis.', { file_path: 'faq.csv', row: 0, question: 'What, exactly?', year: 2024, public: true }],
      ['Because', { file_path: 'faq.csv', row: 1, question: 'Why', year: 1999.5, public: false }],
    ]);
  });

  it('honors the delimiter and cast options; fails a source with an empty content cell or ragged rows', async () => {
    const tsv = 'text;code\nhello;007\n';
    const kept = await new CsvToDocument({ contentField: 'text', delimiter: ';', cast: false }).run({
      sources: [bytes(tsv, 't.csv')],
    });
    expect(kept.documents[0]?.meta).toEqual({ file_path: 't.csv', row: 0, code: '007' });
    const { failures } = await new CsvToDocument({ contentField: 'text' }).run({
      sources: [bytes('text,n\nok,1\n,2\n', 'empty.csv'), bytes('text,n\na,1,extra\n', 'ragged.csv')],
    });
    expect(failures[0]).toEqual({ source: 'empty.csv', error: 'record 1 has no content field "text"' });
    expect(failures[1]?.source).toBe('ragged.csv');
    expect(failures[1]?.error).toMatch(/column/i);
  });

  it('without contentField, write each whole record as field: value lines (JSON: any record)', async () => {
    const csv = await new CsvToDocument({ metaFields: ['year'] }).run({
      sources: [bytes('city,event,year\nOslo,Ski jumping cup,2024\n', 'events.csv')],
    });
    expect(csv.documents.map((d) => [d.content, d.meta])).toEqual([
      ['city: Oslo\nevent: Ski jumping cup\nyear: 2024', { file_path: 'events.csv', row: 0, year: 2024 }],
    ]);
    const json = await new JsonToDocument().run({ sources: [bytes('[{"a":"x","b":{"c":1}},"plain",7]', 'mixed.json')] });
    expect(json.failures).toEqual([]);
    expect(json.documents.map((d) => [d.content, d.meta.row])).toEqual([
      ['a: x\nb: {"c":1}', 0],
      ['plain', 1],
      ['7', 2],
    ]);
  });

  it('both round-trip through the default registry', () => {
    for (const c of [
      new CsvToDocument(),
      new CsvToDocument({ contentField: ['a', 'b'], delimiter: '\t' }),
      new JsonToDocument({ contentField: 'body', metaFields: ['x'], recordsPath: 'a.b', jsonLines: true }),
    ]) {
      const json = c.toJSON();
      expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
    }
  });
});
