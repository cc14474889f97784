import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { createDocument, type Document, type Meta } from '../document.js';

export const TextFileToDocumentOptionsSchema = z.strictObject({
  /**
   * Text encoding of the sources; bytes that are invalid in it make the source a failure.
   * @default "utf-8"
   */
  encoding: z.string().default('utf-8'),
});
/** Options accepted by the {@link TextFileToDocument} constructor. */
export type TextFileToDocumentOptions = z.input<typeof TextFileToDocumentOptionsSchema>;
type ParsedOptions = z.output<typeof TextFileToDocumentOptionsSchema>;

const ByteStreamSchema = z.strictObject({
  data: z.union([z.instanceof(Uint8Array), z.string()]),
  meta: SocketSchemas.meta.optional(),
});
const SourceSchema = z.union([z.string(), ByteStreamSchema]);
const FailureSchema = z.strictObject({ source: z.string(), error: z.string() });

const INPUTS = inputSockets({
  sources: { schema: z.array(SourceSchema), description: 'File paths or `{ data, meta }` byte streams.' },
  meta: { schema: SocketSchemas.meta, optional: true, description: 'Meta added to every document.' },
});
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'One document per readable source.' },
  failures: { schema: z.array(FailureSchema), description: 'Sources skipped, each with the reason.' },
});

/**
 * Converts text files (or byte streams) to documents with `file_path` meta (Haystack's
 * `TextFileToDocument`). Unreadable or wrongly encoded sources are skipped and reported in
 * `failures` rather than failing the run.
 */
export class TextFileToDocument extends BaseComponent<ParsedOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'core.TextFileToDocument';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: TextFileToDocumentOptions = {}) {
    super(TextFileToDocumentOptionsSchema, options, 'TextFileToDocument');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents: Document[] = [];
    const failures: z.infer<typeof FailureSchema>[] = [];
    for (const [i, source] of inputs.sources.entries()) {
      ctx?.signal.throwIfAborted();
      const name = typeof source === 'string' ? source : String(source.meta?.file_path ?? `source #${i}`);
      try {
        const bytes = typeof source === 'string' ? await readFile(source) : source.data;
        const content = typeof bytes === 'string' ? bytes : new TextDecoder(this.options.encoding, { fatal: true }).decode(bytes);
        const fileMeta: Meta = typeof source === 'string' ? { file_path: basename(source) } : {};
        const meta = { ...fileMeta, ...(typeof source === 'string' ? {} : source.meta), ...inputs.meta };
        documents.push(createDocument({ content, meta }));
      } catch (error) {
        failures.push({ source: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { documents, failures };
  }
}

defaultRegistry.register(TextFileToDocument);
