import {
  BaseComponent,
  type ComponentJSON,
  type DocumentStore,
  DUPLICATE_POLICIES,
  defaultRegistry,
  inputSockets,
  isDocumentStore,
  outputSockets,
  type Registry,
  type RunContext,
  type RunInputs,
  type RunOutputs,
  type SerializedObject,
  SocketSchemas,
} from '@synapse-rag/core';
import { z } from 'zod';

/** Options of {@link DocumentWriter}. */
export const DocumentWriterOptionsSchema = z.strictObject({
  /** Where documents go: any store; a `HybridDocumentStore` applies the dual-write flags. */
  store: z.custom<DocumentStore>(isDocumentStore, 'must be a DocumentStore'),
  /** Duplicate policy of each write. @default "overwrite" (re-indexing a document replaces it) */
  policy: z.enum(DUPLICATE_POLICIES as unknown as ['none', 'skip', 'overwrite', 'fail']).default('overwrite'),
});
export type DocumentWriterOptions = z.input<typeof DocumentWriterOptionsSchema>;
type Parsed = z.output<typeof DocumentWriterOptionsSchema>;

const INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents, description: 'Documents to write.' } });
const OUTPUTS = outputSockets({
  documentsWritten: {
    schema: z.number().int().nonnegative(),
    description: 'How many the store wrote (skipped ones not counted).',
  },
});

/** The end of an indexing pipeline: writes its input documents to a store (Haystack's `DocumentWriter`). */
export class DocumentWriter extends BaseComponent<Parsed, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'migration.DocumentWriter';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: DocumentWriterOptions) {
    super(DocumentWriterOptionsSchema, options, 'DocumentWriter');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    ctx?.signal.throwIfAborted();
    return { documentsWritten: await this.options.store.writeDocuments(inputs.documents, { policy: this.options.policy }) };
  }

  static fromJSONOptions(options: Record<string, unknown>, registry: Registry = defaultRegistry): DocumentWriter {
    return new DocumentWriter({
      ...(options as Omit<DocumentWriterOptions, 'store'>),
      store: registry.createStore(options.store as SerializedObject),
    });
  }

  override toJSON(): ComponentJSON {
    return { type: this.type, options: { store: this.options.store.toJSON(), policy: this.options.policy } };
  }
}

defaultRegistry.register(DocumentWriter);
