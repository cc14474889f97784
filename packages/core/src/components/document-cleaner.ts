import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { createDocument } from '../document.js';
import { copyMeta } from './copy-document.js';

export const DocumentCleanerOptionsSchema = z.strictObject({
  /** Drop lines that are empty or whitespace only. @default true */
  removeEmptyLines: z.boolean().default(true),
  /** Collapse runs of two or more whitespace characters to one space, per page (`\f` kept). @default true */
  removeExtraWhitespaces: z.boolean().default(true),
  /** A regular expression (source text); every match is removed. @default undefined */
  removeRegex: z
    .string()
    .refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression')
    .optional(),
  /** Exact substrings removed everywhere. @default undefined */
  removeSubstrings: z.array(z.string()).optional(),
  /** Unicode normalization form applied first. @default undefined (none) */
  unicodeNormalization: z.enum(['NFC', 'NFKC', 'NFD', 'NFKD']).optional(),
  /** Keep each document's id instead of recomputing it from the cleaned content. @default false */
  keepId: z.boolean().default(false),
});
/** Options accepted by the {@link DocumentCleaner} constructor. */
export type DocumentCleanerOptions = z.input<typeof DocumentCleanerOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentCleanerOptionsSchema>;

const INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents } });
const OUTPUTS = outputSockets({ documents: { schema: SocketSchemas.documents, description: 'Cleaned copies.' } });

/**
 * Cleans document text (Haystack's `DocumentCleaner`, option names in camelCase), in this order:
 * Unicode normalization, empty lines, extra whitespace, regex, substrings. Pages separated by
 * form feed (`\f`) stay separated so a page splitter still works.
 */
export class DocumentCleaner extends BaseComponent<ParsedOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'core.DocumentCleaner';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: DocumentCleanerOptions = {}) {
    super(DocumentCleanerOptionsSchema, options, 'DocumentCleaner');
  }

  /** Cleans one text with the configured steps. */
  clean(text: string): string {
    const o = this.options;
    let t = o.unicodeNormalization ? text.normalize(o.unicodeNormalization) : text;
    const perPage = (fn: (page: string) => string) => t.split('\f').map(fn).join('\f');
    if (o.removeEmptyLines) {
      t = perPage((p) =>
        p
          .split('\n')
          .filter((line) => line.trim() !== '')
          .join('\n'),
      );
    }
    if (o.removeExtraWhitespaces) t = perPage((p) => p.replace(/[^\S\f]{2,}/g, ' ').trim());
    if (o.removeRegex) t = t.replace(new RegExp(o.removeRegex, 'g'), '');
    for (const s of o.removeSubstrings ?? []) t = t.split(s).join('');
    return t;
  }

  async run(inputs: RunInputs<typeof INPUTS>, _ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents = inputs.documents.map((doc) =>
      createDocument({
        ...(this.options.keepId ? { id: doc.id } : {}),
        content: this.clean(doc.content),
        meta: copyMeta(doc.meta),
      }),
    );
    return { documents };
  }
}

defaultRegistry.register(DocumentCleaner);
