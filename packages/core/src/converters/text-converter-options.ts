import { z } from 'zod';

/**
 * Options of the converters that read text (all but PDF): each extends it with its own
 * (`TextConverterOptionsSchema.extend({ … })`, or spreads its `shape` to keep a field order).
 */
export const TextConverterOptionsSchema = z.strictObject({
  /**
   * Text encoding of byte sources; bytes that are invalid in it make the source a failure.
   * @default "utf-8"
   */
  encoding: z.string().default('utf-8'),
});
