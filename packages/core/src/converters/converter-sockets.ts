import { z } from 'zod';
import { inputSockets, outputSockets } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';

/** A file's bytes (or text) with meta such as `file_path`: Haystack's `ByteStream`. */
export const ByteStreamSchema = z.strictObject({
  data: z.union([z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be a Uint8Array or a string'), z.string()]),
  meta: SocketSchemas.meta.optional(),
});
/** A byte stream `{ data, meta }`. */
export type ByteStream = z.infer<typeof ByteStreamSchema>;

/** A file path or a {@link ByteStream}. */
export const SourceSchema = z.union([z.string(), ByteStreamSchema]);
/** A converter's source: a file path or a {@link ByteStream}. */
export type Source = z.infer<typeof SourceSchema>;

/** A source a converter skipped, and why. */
export const ConversionFailureSchema = z.strictObject({ source: z.string(), error: z.string() });
/** A source a converter skipped, and why. */
export type ConversionFailure = z.infer<typeof ConversionFailureSchema>;

/** Input sockets every converter shares. */
export const CONVERTER_INPUTS = inputSockets({
  sources: { schema: z.array(SourceSchema), description: 'File paths or `{ data, meta }` byte streams.' },
  meta: { schema: SocketSchemas.meta, optional: true, description: 'Meta added to every document.' },
});

/** Output sockets every converter shares. */
export const CONVERTER_OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'The documents of every readable source, in source order.' },
  failures: {
    schema: z.array(ConversionFailureSchema),
    description: 'Sources skipped, each with the reason (a failed source adds no document).',
  },
});
