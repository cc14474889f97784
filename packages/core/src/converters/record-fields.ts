import { z } from 'zod';
import type { Meta } from '../document.js';
import type { ConvertedDocument } from './file-converter.js';

/** Options shared by the record converters (JSON, CSV): which fields make the content and the meta. */
export const recordFieldOptions = {
  /**
   * The field holding each record's text, or several joined by a blank line. A record without
   * one of them fails its whole source, naming the field and the record. `undefined`: the whole
   * record, one `field: value` line per field (a record that is not an object: its value), for
   * files whose layout is not known in advance (`synapse index`).
   * @default undefined
   */
  contentField: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Fields copied to meta; `undefined`: every field that is not a content field. @default undefined */
  metaFields: z.array(z.string().min(1)).optional(),
};

/** The parsed form of {@link recordFieldOptions}. */
export interface RecordFieldOptions {
  contentField?: string | string[] | undefined;
  metaFields?: string[] | undefined;
}

/** The content fields of `options` as a list (`undefined`: the whole record). */
export function contentFieldsOf(options: RecordFieldOptions): string[] | undefined {
  return typeof options.contentField === 'string' ? [options.contentField] : options.contentField;
}

/** A value as text: strings as they are, anything else as JSON. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * One document per record: the content fields' text (non-string values as JSON), the chosen
 * meta fields, and `row` (the record's 0-based index). Throws, naming the field and the row, when
 * a record is not an object or lacks a content field. Without `contentField` the content is the
 * whole record as `field: value` lines and meta only `metaFields` (and `row`).
 */
export function recordsToDocuments(records: readonly unknown[], options: RecordFieldOptions): ConvertedDocument[] {
  const contentFields = contentFieldsOf(options);
  return records.map((record, row) => {
    const isObject = record !== null && typeof record === 'object' && !Array.isArray(record);
    if (contentFields === undefined) {
      const fields = isObject ? Object.entries(record as Record<string, unknown>) : [];
      const content = isObject ? fields.map(([key, value]) => `${key}: ${asText(value)}`).join('\n') : asText(record);
      return { content, meta: pickMeta(record, options.metaFields ?? [], row) };
    }
    if (!isObject) {
      throw new Error(`record ${row} is not an object`);
    }
    const fields = record as Record<string, unknown>;
    const parts = contentFields.map((field) => {
      const value = fields[field];
      if (value === undefined || value === null) throw new Error(`record ${row} has no content field "${field}"`);
      return asText(value);
    });
    const metaKeys = options.metaFields ?? Object.keys(fields).filter((k) => !contentFields.includes(k));
    return { content: parts.join('\n\n'), meta: pickMeta(fields, metaKeys, row) };
  });
}

function pickMeta(record: unknown, keys: readonly string[], row: number): Meta {
  const meta: Meta = { row };
  if (record === null || typeof record !== 'object') return meta;
  const fields = record as Record<string, unknown>;
  for (const key of keys) if (fields[key] !== undefined) meta[key] = fields[key] as Meta[string];
  return meta;
}
