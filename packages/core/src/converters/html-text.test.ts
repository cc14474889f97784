import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('keeps paragraphs, headings, list items and table rows as blocks; drops page chrome', () => {
    const html = `<!doctype html><html><head><title>Guide &amp; notes</title><style>p{}</style></head>
      <body><nav><a href="/">Home</a></nav><div class="navheader">Prev Up Next</div>
      <main><h1>Install</h1><p>Run   the
        <b>installer</b>,&nbsp;then <a href="#">reboot</a>.</p>
      <ul><li>one</li><li>two <em>items</em></li><li></li></ul>
      <table><tr><th>flag</th><th>meaning</th></tr><tr><td>-v</td><td>verbose</td></tr></table>
      <p>line one<br>line two</p><script>alert(1)</script>
      <div role="navigation">menu</div><div aria-hidden="true">hidden</div></main>
      <footer>© 2026</footer></body></html>`;
    expect(htmlToText(html)).toEqual({
      title: 'Guide & notes',
      text: [
        'Install',
        'Run the installer, then reboot.',
        '- one',
        '- two items',
        'flag | meaning',
        '-v | verbose',
        'line one\nline two',
      ].join('\n\n'),
    });
  });

  it('keeps <pre> verbatim and falls back to the first h1 for the title', () => {
    const out = htmlToText('<body><h1>  Code  </h1><pre>\nSELECT 1;\n  FROM   t;\n</pre><p>after</p></body>');
    expect(out).toEqual({ title: 'Code', text: 'Code\n\nSELECT 1;\n  FROM   t;\n\nafter' });
  });

  it('honors custom boilerplate classes and gives no title when there is none', () => {
    const html = '<div class="Promo big">buy now</div><div id="content"><p>text</p></div>';
    expect(htmlToText(html, { boilerplateClasses: ['promo'] })).toEqual({ title: undefined, text: 'text' });
    expect(htmlToText(html).text).toBe('buy now\n\ntext');
  });

  it('converts a page of the shipped PostgreSQL docs without its navigation', async () => {
    const html = await readFile(
      new URL('../../../../examples/data/postgresql-docs/sql-createindex.html', import.meta.url),
      'utf8',
    );
    const { text, title } = htmlToText(html);
    expect(title).toBe('CREATE INDEX');
    expect(
      text.startsWith(
        'CREATE INDEX\n\nCREATE INDEX — define a new index\n\nSynopsis\n\nCREATE [ UNIQUE ] INDEX [ CONCURRENTLY ]',
      ),
    ).toBe(true);
    expect(text).toContain('When this option is used, PostgreSQL will build the index without taking any locks');
    expect(text).not.toMatch(/\bPrev\b|\bNext\b|Home/);
    expect(text).not.toContain('<');
  });
});
