import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from './file-converter.js';
import { DEFAULT_BOILERPLATE_CLASSES, htmlToText } from './html-text.js';

export const HtmlToDocumentOptionsSchema = z.strictObject({
  /** Text encoding of byte sources. @default "utf-8" */
  encoding: z.string().default('utf-8'),
  /**
   * Class / id tokens of page chrome to remove (whole tokens, any case), in addition to `nav`,
   * `header`, `footer`, `aside`, scripts, styles and navigation ARIA roles.
   * @default DEFAULT_BOILERPLATE_CLASSES (navheader, navfooter, navbar, breadcrumb, sidebar, footer…)
   */
  boilerplateClasses: z.array(z.string().min(1)).default([...DEFAULT_BOILERPLATE_CLASSES]),
});
/** Options accepted by the {@link HtmlToDocument} constructor. */
export type HtmlToDocumentOptions = z.input<typeof HtmlToDocumentOptionsSchema>;

/**
 * Converts HTML pages to documents of their readable text (Haystack's `HTMLToDocument`): page
 * chrome removed, one block per paragraph, heading, list item, table row or `<pre>`, separated by
 * blank lines (see {@link htmlToText}); meta `title` from `<title>` or the first `<h1>`, plus
 * `file_path`. Parsed with htmlparser2, which never throws on malformed markup.
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
    const { text, title } = htmlToText(decodeText(source.data, this.options.encoding), {
      boilerplateClasses: this.options.boilerplateClasses,
    });
    return [{ content: text, meta: title === undefined ? {} : { title } }];
  }
}

defaultRegistry.register(HtmlToDocument);
