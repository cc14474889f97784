import { z } from 'zod';
import type { Meta } from '../document.js';
import type { ConvertedDocument } from './file-converter.js';

/** Options shared by the record converters (JSON, CSV): which fields make the content and the meta. */
export const recordFieldOptions = {
  /**
   * The field holding each record's text, or several joined by a blank line. A record without
   * one of them fails its whole source, naming the field and the record.
   */
  contentField: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** Fields copied to meta; `undefined`: every field that is not a content field. @default undefined */
  metaFields: z.array(z.string().min(1)).optional(),
};

/** The parsed form of {@link recordFieldOptions}. */
export interface RecordFieldOptions {
  contentField: string | string[];
  metaFields?: string[] | undefined;
}

/**
 * One document per record: the content fields' text (non-string values as JSON), the chosen
 * meta fields, and `row` (the record's 0-based index). Throws, naming the field and the row, when
 * a record is not an object or lacks a content field.
 */
export function recordsToDocuments(records: readonly unknown[], options: RecordFieldOptions): ConvertedDocument[] {
  const contentFields = typeof options.contentField === 'string' ? [options.contentField] : options.contentField;
  return records.map((record, row) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new Error(`record ${row} is not an object`);
    }
    const fields = record as Record<string, unknown>;
    const parts = contentFields.map((field) => {
      const value = fields[field];
      if (value === undefined || value === null) throw new Error(`record ${row} has no content field "${field}"`);
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
    const metaKeys = options.metaFields ?? Object.keys(fields).filter((k) => !contentFields.includes(k));
    const meta: Meta = { row };
    for (const key of metaKeys) if (fields[key] !== undefined) meta[key] = fields[key] as Meta[string];
    return { content: parts.join('\n\n'), meta };
  });
}
