import { z } from 'zod';
import { defaultRegistry } from '../component/registry.js';
import { errorReason } from '../error-reason.js';
import { MissingDependencyError } from '../errors.js';
import { type ConvertedDocument, FileConverter, type LoadedSource } from './file-converter.js';

export const PdfToDocumentOptionsSchema = z.strictObject({
  /**
   * Put each page's text in a document of its own (meta `page_number`, 1-based) instead of one
   * document per file with pages separated by form feeds (`\f`, which `DocumentSplitter`'s
   * `page` unit and its `page_number` meta follow).
   * @default false
   */
  splitPages: z.boolean().default(false),
});
/** Options accepted by the {@link PdfToDocument} constructor. */
export type PdfToDocumentOptions = z.input<typeof PdfToDocumentOptionsSchema>;

type Unpdf = typeof import('unpdf');
let unpdf: Promise<Unpdf> | undefined;

/** Loads `unpdf` once; a missing package is a {@link MissingDependencyError} naming it. */
function loadUnpdf(): Promise<Unpdf> {
  unpdf ??= import('unpdf').catch((error: unknown) => {
    unpdf = undefined;
    throw new MissingDependencyError('unpdf', 'PdfToDocument', { cause: error });
  });
  return unpdf;
}

/**
 * Converts PDF files to documents of their text (Haystack's `PyPDFToDocument`) with `unpdf`
 * (pdf.js built for servers, no native code; an optional peer dependency loaded on first use):
 * one document per file with pages joined by form feeds, or one per page with `splitPages`;
 * meta `page_count`, `title` (the PDF's document info) and `file_path`. Scanned pages without a
 * text layer give empty text (no OCR). An unreadable, encrypted or corrupt PDF is reported in
 * `failures`.
 *
 * @example
 * ```ts
 * const { documents } = await new PdfToDocument().run({ sources: ['paper.pdf'] });
 * ```
 */
export class PdfToDocument extends FileConverter<z.output<typeof PdfToDocumentOptionsSchema>> {
  static readonly type = 'core.PdfToDocument';

  constructor(options: PdfToDocumentOptions = {}) {
    super(PdfToDocumentOptionsSchema, options, 'PdfToDocument');
  }

  /** Loads the PDF library ahead of the first run. */
  async warmUp(): Promise<void> {
    await loadUnpdf();
  }

  protected async convert(source: LoadedSource): Promise<ConvertedDocument[]> {
    const { getDocumentProxy, extractText, getMeta } = await loadUnpdf();
    const bytes = typeof source.data === 'string' ? new TextEncoder().encode(source.data) : source.data;
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes)).catch((error: unknown) => {
      // pdf.js names the errors of a file that needs a password `PasswordException`.
      if (error instanceof Error && error.name === 'PasswordException') {
        throw new Error(`encrypted PDF, a password is required (${error.message})`);
      }
      throw new Error(`not a readable PDF: ${errorReason(error)}`);
    });
    try {
      const { totalPages, text } = await extractText(pdf, { mergePages: false });
      const info = (await getMeta(pdf)).info as Record<string, unknown> | undefined;
      const title = typeof info?.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : undefined;
      const meta = { page_count: totalPages, ...(title === undefined ? {} : { title }) };
      const pages = text.map((page) => page.trim());
      if (this.options.splitPages) return pages.map((content, i) => ({ content, meta: { ...meta, page_number: i + 1 } }));
      return [{ content: pages.join('\f'), meta }];
    } finally {
      await pdf.destroy();
    }
  }
}

defaultRegistry.register(PdfToDocument);
