import type { z } from 'zod';
import { InvalidOptionsError } from './errors.js';

/** Formats zod issues as `path: message; path: message`. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Validates an options object against its zod schema and returns the parsed value (with
 * defaults applied). Throws {@link InvalidOptionsError} naming `owner` and every issue.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, owner: string): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new InvalidOptionsError(owner, formatZodIssues(result.error), result.error);
  return result.data;
}
