import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { type ConvertedDocument, decodeText, FileConverter, type LoadedSource } from './file-converter.js';
import { recordFieldOptions, recordsToDocuments } from './record-fields.js';
import { TextConverterOptionsSchema } from './text-converter-options.js';

export const JsonToDocumentOptionsSchema = z.strictObject({
  ...recordFieldOptions,
  /**
   * Dot path to the array of records inside the JSON (`data.items`); `undefined`: the top level
   * is the array (or a single record object).
   * @default undefined
   */
  recordsPath: z.string().min(1).optional(),
  /**
   * JSON Lines (one record per line): `auto` for `.jsonl` / `.ndjson` files, or always / never.
   * @default "auto"
   */
  jsonLines: z.union([z.literal('auto'), z.boolean()]).default('auto'),

  // encoding last, as before the shared schema: saved pipelines serialize unchanged
  ...TextConverterOptionsSchema.shape,
});
/** Options accepted by the {@link JsonToDocument} constructor. */
export type JsonToDocumentOptions = z.input<typeof JsonToDocumentOptionsSchema>;

/**
 * Converts JSON and JSON Lines files to one document per record (Haystack's `JSONConverter`):
 * content from `contentField` (else the whole record as `field: value` lines), meta from
 * `metaFields` (or every other field) plus `row` and `file_path`. A record without its content field, invalid JSON, or a `recordsPath` that is not
 * an array fails that source (reported in `failures`, none of its records written).
 *
 * @example
 * ```ts
 * const converter = new JsonToDocument({ contentField: 'body', metaFields: ['author'], recordsPath: 'posts' });
 * const { documents } = await converter.run({ sources: ['posts.json'] });
 * ```
 */
export class JsonToDocument extends FileConverter<z.output<typeof JsonToDocumentOptionsSchema>> {
  static readonly type = 'core.JsonToDocument';

  constructor(options: JsonToDocumentOptions = {}) {
    super(JsonToDocumentOptionsSchema, options, 'JsonToDocument');
  }

  protected convert(source: LoadedSource): ConvertedDocument[] {
    const text = decodeText(source.data, this.options.encoding);
    const lines =
      this.options.jsonLines === 'auto' ? /\.(jsonl|ndjson)$/i.test(String(source.meta.file_path ?? '')) : this.options.jsonLines;
    let records: unknown[];
    if (lines) {
      records = text.split(/\r?\n/).flatMap((line, i) => {
        if (line.trim() === '') return [];
        try {
          return [JSON.parse(line) as unknown];
        } catch (error) {
          throw new Error(`line ${i + 1} is not valid JSON: ${(error as Error).message}`);
        }
      });
    } else {
      let value: unknown = JSON.parse(text);
      const path = this.options.recordsPath;
      if (path !== undefined) {
        for (const key of path.split('.')) {
          value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        }
        if (!Array.isArray(value)) throw new Error(`recordsPath "${path}" is not an array`);
      }
      records = Array.isArray(value) ? value : [value];
    }
    return recordsToDocuments(records, this.options);
  }
}

defaultRegistry.register(JsonToDocument);
