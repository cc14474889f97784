import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from './file-converter.js';
import { markdownToText } from './markdown-text.js';
import { TextConverterOptionsSchema } from './text-converter-options.js';

export const MarkdownToDocumentOptionsSchema = TextConverterOptionsSchema.extend({
  /** Copy the YAML front matter's fields into the document's meta. @default true */
  frontMatterToMeta: z.boolean().default(true),
});
/** Options accepted by the {@link MarkdownToDocument} constructor. */
export type MarkdownToDocumentOptions = z.input<typeof MarkdownToDocumentOptionsSchema>;

/**
 * Converts Markdown files to documents of their plain text (Haystack's `MarkdownToDocument`):
 * syntax removed, headings, paragraphs, list items, table rows and code blocks as blank-line
 * separated blocks (see {@link markdownToText}); meta `title` (front matter, else the first
 * heading), the front matter's fields and `file_path`.
 *
 * @example
 * ```ts
 * const { documents } = await new MarkdownToDocument().run({ sources: ['README.md'] });
 * ```
 */
export class MarkdownToDocument extends FileConverter<z.output<typeof MarkdownToDocumentOptionsSchema>> {
  static readonly type = 'core.MarkdownToDocument';

  constructor(options: MarkdownToDocumentOptions = {}) {
    super(MarkdownToDocumentOptionsSchema, options, 'MarkdownToDocument');
  }

  protected convert(source: LoadedSource): ConvertedDocument[] {
    const { text, frontMatter, title } = markdownToText(decodeText(source.data, this.options.encoding));
    const meta = { ...(this.options.frontMatterToMeta ? frontMatter : {}), ...(title === undefined ? {} : { title }) };
    return [{ content: text, meta }];
  }
}

defaultRegistry.register(MarkdownToDocument);
