import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import type { ByteStream } from './converter-sockets.js';
import { HtmlToDocument } from './html-to-document.js';
import { MarkdownToDocument } from './markdown-to-document.js';

const stream = (file_path: string, text: string) => ({ data: new TextEncoder().encode(text), meta: { file_path } });

describe('HtmlToDocument and MarkdownToDocument', () => {
  it('convert byte streams with title, file_path, source meta and the run meta (later wins)', async () => {
    const html = await new HtmlToDocument().run({
      sources: [{ ...stream('a.html', '<title>T</title><nav>x</nav><p>Hello</p>'), meta: { file_path: 'a.html', lang: 'de' } }],
      meta: { lang: 'en' },
    });
    expect(html.documents.map((d) => [d.content, d.meta])).toEqual([['Hello', { file_path: 'a.html', lang: 'en', title: 'T' }]]);
    const md = await new MarkdownToDocument({ frontMatterToMeta: false }).run({
      sources: [stream('b.md', '---\ntitle: FM\nauthor: x\n---\n# H\n\ntext')],
    });
    expect(md.documents.map((d) => [d.content, d.meta])).toEqual([['H\n\ntext', { file_path: 'b.md', title: 'FM' }]]);
  });

  it('HtmlToDocument: url from the source meta, else baseUrl + file_path, else the canonical link', async () => {
    const page = '<html><head><link rel="Canonical" href="https://example.org/a"></head><body><p>x</p></body></html>';
    const sources: ByteStream[] = [
      { data: page, meta: { file_path: 'a.html', url: 'https://mirror.example/a' } },
      { data: page, meta: { file_path: 'b.html' } },
      { data: '<meta property="og:url" content="https://example.org/c"><p>y</p>', meta: { file_path: 'c.html' } },
      { data: '<link rel="canonical" href="/relative"><p>z</p>', meta: { file_path: 'd.html' } },
    ];
    const urls = async (converter: HtmlToDocument) => (await converter.run({ sources })).documents.map((d) => d.meta.url);
    expect(await urls(new HtmlToDocument())).toEqual([
      'https://mirror.example/a',
      'https://example.org/a',
      'https://example.org/c',
      undefined,
    ]);
    expect(await urls(new HtmlToDocument({ baseUrl: 'https://www.postgresql.org/docs/17/' }))).toEqual([
      'https://mirror.example/a',
      'https://www.postgresql.org/docs/17/b.html',
      'https://www.postgresql.org/docs/17/c.html',
      'https://www.postgresql.org/docs/17/d.html',
    ]);
    expect(() => new HtmlToDocument({ baseUrl: 'file:///etc/' })).toThrow(/baseUrl/);
  });

  it('report undecodable bytes and unreadable paths in failures, converting the rest', async () => {
    const { documents, failures } = await new HtmlToDocument().run({
      sources: [
        { data: new Uint8Array([0xff, 0xfe, 0xfd]), meta: { file_path: 'bad.html' } },
        '/no/such/file.html',
        stream('ok.html', '<p>ok</p>'),
      ],
    });
    expect(failures.map((f) => f.source)).toEqual(['bad.html', '/no/such/file.html']);
    expect(failures[1]?.error).toMatch(/ENOENT/);
    expect(documents.map((d) => d.content)).toEqual(['ok']);
  });

  it('round-trip through the default registry', () => {
    for (const c of [
      new HtmlToDocument({ boilerplateClasses: ['promo'], baseUrl: 'https://example.org/docs/' }),
      new HtmlToDocument(),
      new MarkdownToDocument({ encoding: 'latin1' }),
    ]) {
      expect(defaultRegistry.createComponent(c.toJSON()).toJSON()).toEqual(c.toJSON());
    }
  });
});
