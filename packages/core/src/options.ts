import { z } from 'zod';
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

/**
 * An optional function-valued option (a callback such as `streamingCallback` or `progress`);
 * any other value fails with "`name` must be a function". Components leave these out of
 * `toJSON()`: a function cannot be serialized.
 */
export function functionOption<F extends (...args: never[]) => unknown>(name: string) {
  return z.custom<F>((v) => typeof v === 'function', { message: `${name} must be a function` }).optional();
}
