import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from './file-converter.js';
import { contentFieldsOf, recordFieldOptions, recordsToDocuments } from './record-fields.js';
import { TextConverterOptionsSchema } from './text-converter-options.js';

export const CsvToDocumentOptionsSchema = z.strictObject({
  ...recordFieldOptions,
  /** Field delimiter. @default "," */
  delimiter: z.string().min(1).default(','),
  /** Turn numeric and boolean cells into numbers and booleans in meta (so range filters work). @default true */
  cast: z.boolean().default(true),
  // encoding last, as before the shared schema: saved pipelines serialize unchanged
  ...TextConverterOptionsSchema.shape,
});
/** Options accepted by the {@link CsvToDocument} constructor. */
export type CsvToDocumentOptions = z.input<typeof CsvToDocumentOptionsSchema>;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Converts CSV files with a header row to one document per row (Haystack's `CSVToDocument` with
 * row conversion): content from `contentField` (else the whole row as `column: value` lines),
 * meta from `metaFields` (or every other column) plus `row` and `file_path`. Parsed with `csv-parse` (quotes, embedded newlines, BOM). A row with
 * the wrong number of cells or an empty content cell fails that source.
 *
 * @example
 * ```ts
 * const converter = new CsvToDocument({ contentField: 'answer', metaFields: ['question', 'year'] });
 * const { documents } = await converter.run({ sources: ['faq.csv'] });
 * ```
 */
export class CsvToDocument extends FileConverter<z.output<typeof CsvToDocumentOptionsSchema>> {
  static readonly type = 'core.CsvToDocument';

  constructor(options: CsvToDocumentOptions = {}) {
    super(CsvToDocumentOptionsSchema, options, 'CsvToDocument');
  }

  protected convert(source: LoadedSource): ConvertedDocument[] {
    const records = parse(decodeText(source.data, this.options.encoding), {
      columns: true,
      bom: true,
      delimiter: this.options.delimiter,
      skip_empty_lines: true,
      ...(this.options.cast ? { cast: castCell } : {}),
    }) as Array<Record<string, unknown>>;
    for (const [row, record] of records.entries()) {
      for (const field of contentFieldsOf(this.options) ?? []) {
        if (record[field] === '' || record[field] === undefined) throw new Error(`record ${row} has no content field "${field}"`);
      }
    }
    return recordsToDocuments(records, this.options);
  }
}

function castCell(value: string, context: { header: boolean; quoting: boolean }): unknown {
  if (context.header || context.quoting) return value;
  if (NUMBER.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

defaultRegistry.register(CsvToDocument);
