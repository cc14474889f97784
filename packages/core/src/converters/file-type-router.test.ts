import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { DocumentJoiner } from '../components/document-joiner.js';
import { TextFileToDocument } from '../components/text-file-to-document.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { FileTypeRouter } from './file-type-router.js';
import { HtmlToDocument } from './html-to-document.js';
import { MarkdownToDocument } from './markdown-to-document.js';

const stream = (file_path: string, text: string, extra: Record<string, string> = {}) => ({
  data: new TextEncoder().encode(text),
  meta: { file_path, ...extra },
});

describe('FileTypeRouter', () => {
  it('routes by meta.mime_type, then extension; wildcards; the rest to unclassified; only non-empty outputs', async () => {
    const router = new FileTypeRouter({
      mimeTypes: ['text/html', 'text/*', 'application/pdf'],
      additionalMimeTypes: { '.RST': 'text/x-rst' },
    });
    expect(Object.keys(router.outputSockets)).toEqual(['text/html', 'text/*', 'application/pdf', 'unclassified']);
    const out = await router.run({
      sources: [
        'a/page.HTM',
        'b/notes.md',
        'c/guide.rst',
        'd/x.bin',
        stream('e.dat', '<p>x</p>', { mime_type: 'text/html' }),
        'f/noext',
      ],
    });
    expect(out).toEqual({
      'text/html': ['a/page.HTM', stream('e.dat', '<p>x</p>', { mime_type: 'text/html' })],
      'text/*': ['b/notes.md', 'c/guide.rst'],
      unclassified: ['d/x.bin', 'f/noext'],
    });
  });

  it('rejects what is not a MIME type or an extension, naming the option', () => {
    expect(() => new FileTypeRouter({ mimeTypes: ['html'] })).toThrow(/mimeTypes/);
    expect(() => new FileTypeRouter({ mimeTypes: [] })).toThrow(/mimeTypes/);
    expect(() => new FileTypeRouter({ mimeTypes: ['text/plain'], additionalMimeTypes: { rst: 'text/plain' } })).toThrow(
      /additionalMimeTypes/,
    );
  });

  it('feeds one converter per type in a pipeline; converters without sources do not run', async () => {
    const p = new Pipeline()
      .addComponent('router', new FileTypeRouter({ mimeTypes: ['text/plain', 'text/markdown', 'text/html'] }))
      .addComponent('text', new TextFileToDocument())
      .addComponent('markdown', new MarkdownToDocument())
      .addComponent('html', new HtmlToDocument())
      .addComponent('joiner', new DocumentJoiner())
      .connect('router.text/plain', 'text.sources')
      .connect('router.text/markdown', 'markdown.sources')
      .connect('router.text/html', 'html.sources')
      .connect('text.documents', 'joiner.documents')
      .connect('markdown.documents', 'joiner.documents')
      .connect('html.documents', 'joiner.documents');
    const result = await p.run(
      { router: { sources: [stream('a.md', '# Title\n\nbody *text*'), stream('b.html', '<title>B</title><p>page</p>')] } },
      { includeOutputsFrom: ['text'] },
    );
    expect(result.text).toBeUndefined();
    // Fan-in order is the order the converters ran in (the scheduler's, by name here).
    expect(result.joiner?.documents?.map((d) => [d.content, d.meta.title])).toEqual([
      ['page', 'B'],
      ['Title\n\nbody text', 'Title'],
    ]);
  });

  it('round-trips through the default registry with its sockets', () => {
    const router = new FileTypeRouter({
      mimeTypes: ['text/plain', 'application/pdf'],
      additionalMimeTypes: { '.rst': 'text/plain' },
    });
    const copy = defaultRegistry.createComponent(router.toJSON());
    expect(copy.toJSON()).toEqual(router.toJSON());
    expect(Object.keys(copy.outputSockets)).toEqual(['text/plain', 'application/pdf', 'unclassified']);
  });
});
