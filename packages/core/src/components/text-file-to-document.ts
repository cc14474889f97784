import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from '../converters/file-converter.js';

export const TextFileToDocumentOptionsSchema = z.strictObject({
  /**
   * Text encoding of the sources; bytes that are invalid in it make the source a failure.
   * @default "utf-8"
   */
  encoding: z.string().default('utf-8'),
});
/** Options accepted by the {@link TextFileToDocument} constructor. */
export type TextFileToDocumentOptions = z.input<typeof TextFileToDocumentOptionsSchema>;

/**
 * Converts text files (or byte streams) to documents with `file_path` meta (Haystack's
 * `TextFileToDocument`). Unreadable or wrongly encoded sources are skipped and reported in
 * `failures` rather than failing the run.
 */
export class TextFileToDocument extends FileConverter<z.output<typeof TextFileToDocumentOptionsSchema>> {
  static readonly type = 'core.TextFileToDocument';

  constructor(options: TextFileToDocumentOptions = {}) {
    super(TextFileToDocumentOptionsSchema, options, 'TextFileToDocument');
  }

  protected convert(source: LoadedSource): ConvertedDocument[] {
    return [{ content: decodeText(source.data, this.options.encoding) }];
  }
}

defaultRegistry.register(TextFileToDocument);
