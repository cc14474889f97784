import type { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from '../converters/file-converter.js';
import { TextConverterOptionsSchema } from '../converters/text-converter-options.js';

/** Options of {@link TextFileToDocument}: `encoding` (@default "utf-8"), the text converters' shared option. */
export const TextFileToDocumentOptionsSchema = TextConverterOptionsSchema;
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
