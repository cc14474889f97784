/**
 * The text to put after "failed: " for anything a `catch` caught: an `Error`'s `message`,
 * anything else (a thrown string, number, object) as `String(cause)`. Error classes and
 * failure reports use it to quote the original problem.
 */
export function errorReason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
