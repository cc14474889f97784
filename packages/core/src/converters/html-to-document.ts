import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from './file-converter.js';
import { DEFAULT_BOILERPLATE_CLASSES, htmlToText } from './html-text.js';
import { TextConverterOptionsSchema } from './text-converter-options.js';

export const HtmlToDocumentOptionsSchema = TextConverterOptionsSchema.extend({
  /**
   * Class / id tokens of page chrome to remove (whole tokens, any case), in addition to `nav`,
   * `header`, `footer`, `aside`, scripts, styles and navigation ARIA roles.
   * @default DEFAULT_BOILERPLATE_CLASSES (navheader, navfooter, navbar, breadcrumb, sidebar, footer…)
   */
  boilerplateClasses: z.array(z.string().min(1)).default([...DEFAULT_BOILERPLATE_CLASSES]),
  /**
   * Where the pages are published: a document's `url` meta becomes `file_path` resolved against
   * it (`https://www.postgresql.org/docs/17/` + `sql-vacuum.html`; end it with `/`, as URLs
   * resolve). A source's own `meta.url`
   * wins; without either, the page's canonical link (or `og:url`) is used when it has one.
   * @default undefined
   */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
/** Options accepted by the {@link HtmlToDocument} constructor. */
export type HtmlToDocumentOptions = z.input<typeof HtmlToDocumentOptionsSchema>;

/**
 * Converts HTML pages to documents of their readable text (Haystack's `HTMLToDocument`): page
 * chrome removed, one block per paragraph, heading, list item, table row or `<pre>`, separated by
 * blank lines (see {@link htmlToText}); meta `title` from `<title>` or the first `<h1>`, `url`
 * (see `baseUrl`) and `file_path`. Parsed with htmlparser2, which never throws on malformed markup.
 *
 * @example
 * ```ts
 * const { documents } = await new HtmlToDocument().run({ sources: ['docs/index.html'] });
 * ```
 */
export class HtmlToDocument extends FileConverter<z.output<typeof HtmlToDocumentOptionsSchema>> {
  static readonly type = 'core.HtmlToDocument';

  constructor(options: HtmlToDocumentOptions = {}) {
    super(HtmlToDocumentOptionsSchema, options, 'HtmlToDocument');
  }

  protected convert(source: LoadedSource): ConvertedDocument[] {
    const { text, title, url } = htmlToText(decodeText(source.data, this.options.encoding), {
      boilerplateClasses: this.options.boilerplateClasses,
    });
    const { baseUrl } = this.options;
    const filePath = source.meta.file_path;
    const resolved = baseUrl !== undefined && typeof filePath === 'string' ? new URL(filePath, baseUrl).href : url;
    const pageUrl = source.meta.url === undefined ? resolved : undefined;
    return [
      { content: text, meta: { ...(title === undefined ? {} : { title }), ...(pageUrl === undefined ? {} : { url: pageUrl }) } },
    ];
  }
}

defaultRegistry.register(HtmlToDocument);
