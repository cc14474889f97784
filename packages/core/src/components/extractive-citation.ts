import { z } from 'zod';
import { nameType } from '../component/describe-type.js';
import type { Document } from '../document.js';

/** One quoted passage of an extractive answer and the document it comes from. */
export const ExtractiveCitationSchema = nameType(
  z.object({
    /** The marker number in the reply (`[index]`): one number per source document, from 1. */
    index: z.number().int().positive(),
    /** Id of the quoted document. */
    documentId: z.string(),
    /** The quoted text: one sentence, or a sentence with the one before it that it continues. */
    sentence: z.string(),
    /** The passage's score in [0, 1] (see `ExtractiveAnswerGenerator`). */
    score: z.number(),
    /** The document's title (the first non-empty string of the `titleFields` meta fields). */
    title: z.string().optional(),
    /** Where the document comes from: a path or URL (the first of the `sourceFields` meta fields). */
    source: z.string().optional(),
    /** The first words of the document, a readable label when it has neither title nor source. */
    snippet: z.string(),
  }),
  'ExtractiveCitation',
);

/** One quoted passage of an extractive answer: `{ index, documentId, sentence, score, title?, source?, snippet }`. */
export type ExtractiveCitation = z.output<typeof ExtractiveCitationSchema>;

/** Where a citation's `title` and `source` are read from. */
export interface CitationFields {
  titleFields: readonly string[];
  sourceFields: readonly string[];
  snippetWords: number;
}

/** The `title`, `source` and `snippet` of a citation of `document`. */
export function describeSource(
  document: Document,
  fields: CitationFields,
): Pick<ExtractiveCitation, 'title' | 'source' | 'snippet'> {
  const title = firstString(document.meta, fields.titleFields);
  const source = firstString(document.meta, fields.sourceFields);
  return {
    ...(title !== undefined ? { title } : {}),
    ...(source !== undefined ? { source } : {}),
    snippet: firstWords(document.content, fields.snippetWords),
  };
}

/** The first non-blank string among `meta[field]` (dotted paths reach nested objects). */
function firstString(meta: Document['meta'], fields: readonly string[]): string | undefined {
  for (const field of fields) {
    let value: unknown = meta;
    for (const key of field.split('.')) {
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  }
  return undefined;
}

/** The first `count` words of `text` (whitespace collapsed), with "…" when it was cut. */
export function firstWords(text: string, count: number): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return words.length <= count ? words.join(' ') : `${words.slice(0, count).join(' ')}…`;
}
