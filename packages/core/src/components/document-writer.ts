import { z } from 'zod';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { type DocumentStore, DUPLICATE_POLICIES, type DuplicatePolicy, isDocumentStore } from '../store/document-store.js';
import { StoreComponent } from '../store/store-component.js';

export const DocumentWriterOptionsSchema = z.strictObject({
  /** Where documents go: any {@link DocumentStore}. */
  store: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /**
   * Duplicate policy of each write (`none` uses the store's own default).
   * @default "overwrite" (re-indexing a document replaces it)
   */
  policy: z.enum(DUPLICATE_POLICIES as [DuplicatePolicy, ...DuplicatePolicy[]]).default('overwrite'),
});

/** Options accepted by the {@link DocumentWriter} constructor. */
export type DocumentWriterOptions = z.input<typeof DocumentWriterOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentWriterOptionsSchema>;

const WRITER_INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents, description: 'Documents to write.' } });
const WRITER_OUTPUTS = outputSockets({
  documentsWritten: {
    schema: z.number().int().nonnegative(),
    description: 'How many documents the store wrote (skipped duplicates are not counted).',
  },
});

/** Run inputs of {@link DocumentWriter}. */
export type DocumentWriterInputs = RunInputs<typeof WRITER_INPUTS>;

/**
 * The end of an indexing pipeline: writes its input documents to a store with a duplicate
 * policy (Haystack's `DocumentWriter`).
 *
 * @example
 * ```ts
 * const writer = new DocumentWriter({ store: new InMemoryDocumentStore(), policy: 'skip' });
 * const { documentsWritten } = await writer.run({ documents });
 * ```
 */
export class DocumentWriter extends StoreComponent<ParsedOptions, typeof WRITER_INPUTS, typeof WRITER_OUTPUTS> {
  static override readonly storeOption = 'store';
  static readonly type: string = 'core.DocumentWriter';
  readonly inputSockets = WRITER_INPUTS;
  readonly outputSockets = WRITER_OUTPUTS;

  constructor(options: DocumentWriterOptions) {
    super(DocumentWriterOptionsSchema, options);
  }

  async run(inputs: DocumentWriterInputs, ctx?: RunContext): Promise<RunOutputs<typeof WRITER_OUTPUTS>> {
    ctx?.signal.throwIfAborted();
    const documentsWritten = await this.options.store.writeDocuments(inputs.documents, { policy: this.options.policy });
    return { documentsWritten };
  }
}

defaultRegistry.register(DocumentWriter);
